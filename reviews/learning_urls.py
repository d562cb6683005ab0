"""Learning: events, resources and commendations (filled in by the learning work)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
