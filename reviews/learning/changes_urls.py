"""The "what did we learn and what changed" pages, per review and per theme (included in the
`reviews` namespace)."""

from django.urls import URLPattern, path

from reviews.learning import changes_views as changes

urlpatterns: list[URLPattern] = [
    path("learning/reviews/<int:pk>/", changes.review_changes, name="learning_review_changes"),
    path("learning/themes/", changes.theme_index, name="learning_themes"),
    path("learning/themes/<slug:slug>/", changes.theme_changes, name="learning_theme_changes"),
]
