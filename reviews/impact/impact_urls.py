"""The learning-into-practice pages: resources sent to agencies, their use, assurance (included
in the `reviews` namespace)."""

from django.urls import URLPattern, path

from reviews.impact import views

urlpatterns: list[URLPattern] = [
    path("learning/resources/<int:pk>/", views.resource_detail, name="learning_resource_detail"),
    path("learning/resources/<int:pk>/send/", views.resource_send, name="learning_resource_send"),
    path("learning/sent/", views.sent_list, name="dissemination_list"),
    path("learning/sent.csv", views.sent_list_csv, name="dissemination_list_csv"),
    path("learning/sent/<int:pk>/", views.dissemination_detail, name="dissemination_detail"),
    path("learning/sent/<int:pk>/use/", views.use_record, name="resource_use_record"),
    path("learning/uses/<int:pk>/edit/", views.use_edit, name="resource_use_edit"),
]
