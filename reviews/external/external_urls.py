"""The register of external reviews (included in the `reviews` namespace)."""

from django.urls import URLPattern, path

from reviews.external import views

urlpatterns: list[URLPattern] = [
    path("external-reviews/", views.external_review_list, name="external_review_list"),
    path("external-reviews.csv", views.external_review_list_csv, name="external_review_list_csv"),
    path("external-reviews/new/", views.external_review_create, name="external_review_create"),
    path("external-reviews/<int:pk>/", views.external_review_detail, name="external_review_detail"),
    path("external-reviews/<int:pk>/edit/", views.external_review_edit, name="external_review_edit"),
    path("external-reviews/<int:pk>/response/", views.local_response, name="external_review_response"),
    path(
        "external-reviews/<int:pk>/recommendations/new/",
        views.external_recommendation_create,
        name="external_recommendation_create",
    ),
    path(
        "external-reviews/recommendations/<int:pk>/actions/new/",
        views.external_action_create,
        name="external_action_create",
    ),
]
