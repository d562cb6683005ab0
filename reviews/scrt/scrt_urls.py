"""The S-CRT export and the review's health fields (included in the `reviews` namespace)."""

from django.urls import URLPattern, path

from reviews.scrt import views

urlpatterns: list[URLPattern] = [
    path("reviews/scrt/", views.scrt_page, name="scrt"),
    path("reviews/scrt.csv", views.scrt_csv, name="scrt_csv"),
    path("reviews/<int:pk>/health/", views.review_health, name="review_health"),
]
