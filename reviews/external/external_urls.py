"""The register of external reviews (included in the `reviews` namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
