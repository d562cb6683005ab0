"""The agencies' chronologies and the merged chronology (included in the `reviews` namespace)."""

from django.urls import URLPattern, path

from reviews.contributions import chronology_views as views

ENTRY = "contributions/<int:pk>/chronology/<int:entry>/"

urlpatterns: list[URLPattern] = [
    path("contributions/<int:pk>/chronology/", views.entries, name="chronology_entries"),
    path("contributions/<int:pk>/chronology/add/", views.entry_add, name="chronology_entry_add"),
    path(f"{ENTRY}edit/", views.entry_edit, name="chronology_entry_edit"),
    path(f"{ENTRY}delete/", views.entry_delete, name="chronology_entry_delete"),
    path(f"{ENTRY}key-episode/", views.entry_key_episode, name="chronology_entry_key_episode"),
    path("contributions/<int:pk>/chronology/template.xlsx", views.template, name="chronology_template"),
    path("contributions/<int:pk>/chronology/upload/", views.upload, name="chronology_upload"),
    path(
        "incidents/<int:pk>/rapid-review/chronology/",
        views.rapid_review_merged,
        name="rapid_review_chronology",
    ),
    path(
        "incidents/<int:pk>/rapid-review/chronology/export.<str:fmt>",
        views.rapid_review_export,
        name="rapid_review_chronology_export",
    ),
    path("reviews/<int:pk>/chronology/", views.review_merged, name="review_chronology"),
    path(
        "reviews/<int:pk>/chronology/export.<str:fmt>",
        views.review_export,
        name="review_chronology_export",
    ),
]
