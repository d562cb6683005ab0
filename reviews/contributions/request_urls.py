"""Requests for agencies' returns (included in the `reviews` namespace)."""

from django.urls import URLPattern, path

from reviews.contributions import views

urlpatterns: list[URLPattern] = [
    path(
        "incidents/<int:pk>/rapid-review/contributions/request/",
        views.rapid_review_contributions_request,
        name="rapid_review_contributions_request",
    ),
    path(
        "reviews/<int:pk>/contributions/request/",
        views.review_contributions_request,
        name="review_contributions_request",
    ),
    path("contributions/", views.contribution_list, name="contribution_list"),
    path("contributions.csv", views.contribution_list_csv, name="contribution_list_csv"),
    path("contributions/<int:pk>/", views.contribution_detail, name="contribution_detail"),
    path("contributions/<int:pk>/edit/", views.contribution_edit, name="contribution_edit"),
    path("contributions/<int:pk>/submit/", views.contribution_submit, name="contribution_submit"),
    path("contributions/<int:pk>/accept/", views.contribution_accept, name="contribution_accept"),
    path("contributions/<int:pk>/return/", views.contribution_return, name="contribution_return"),
    path("contributions/<int:pk>/due/", views.contribution_due, name="contribution_due"),
    path(
        "contributions/<int:pk>/documents/upload/",
        views.contribution_document_upload,
        name="contribution_document_upload",
    ),
    path(
        "contributions/<int:pk>/documents/<int:doc>/",
        views.contribution_document,
        name="contribution_document",
    ),
]
