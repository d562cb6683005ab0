"""A review's documents: upload and permission-checked download."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
