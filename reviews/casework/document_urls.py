"""A review's documents: upload and permission-checked download."""

from django.urls import URLPattern, path

from reviews.casework import document_views as documents

urlpatterns: list[URLPattern] = [
    path("reviews/<int:pk>/documents/upload/", documents.document_upload, name="document_upload"),
    path("documents/<int:pk>/", documents.document_download, name="document_download"),
    path("documents/<int:pk>/delete/", documents.document_delete, name="document_delete"),
]
