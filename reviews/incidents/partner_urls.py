"""The Rapid Review in the Panel's shape: key practice episodes and the partners' agreement
(included in the `reviews` namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
