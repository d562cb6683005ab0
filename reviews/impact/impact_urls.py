"""The learning-into-practice pages: resources sent to agencies, their use, assurance (included
in the `reviews` namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
