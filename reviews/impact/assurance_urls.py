"""The assurance pages (included in the `reviews` namespace)."""

from django.urls import URLPattern, path

from reviews.impact import assurance_views as views

urlpatterns: list[URLPattern] = [
    path("learning/assurance/", views.assurance_list, name="assurance_list"),
    path("learning/assurance.csv", views.assurance_list_csv, name="assurance_list_csv"),
    path("learning/assurance/new/", views.assurance_create, name="assurance_create"),
    path("learning/assurance/<int:pk>/", views.assurance_detail, name="assurance_detail"),
    path("learning/assurance/<int:pk>/edit/", views.assurance_edit, name="assurance_edit"),
    path("learning/assurance/<int:pk>/findings/", views.assurance_findings, name="assurance_findings"),
]
