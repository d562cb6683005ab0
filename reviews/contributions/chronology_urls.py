"""The agencies' chronologies and the merged chronology (included in the `reviews` namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
