"""The S-CRT export and the review's health fields (included in the `reviews` namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
