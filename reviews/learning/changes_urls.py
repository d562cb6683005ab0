"""The "what did we learn and what changed" pages, per review and per theme (included in the
`reviews` namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
