"""Learning: events, resources and commendations (included in the `reviews` namespace)."""

from django.urls import URLPattern, path

from reviews.learning import views as learning

urlpatterns: list[URLPattern] = [
    path("learning/", learning.overview, name="learning"),
    path("learning/events/", learning.event_list, name="learning_events"),
    path("learning/events/new/", learning.event_create, name="learning_event_create"),
    path("learning/events/<int:pk>/", learning.event_detail, name="learning_event_detail"),
    path("learning/events/<int:pk>/edit/", learning.event_edit, name="learning_event_edit"),
    path("learning/resources/", learning.resource_list, name="learning_resources"),
    path("learning/resources/new/", learning.resource_create, name="learning_resource_create"),
    path(
        "learning/resources/<int:pk>/recommendations/",
        learning.resource_recommendations,
        name="learning_resource_recommendations",
    ),
    path("learning/commendations/", learning.commendation_list, name="learning_commendations"),
    path("learning/commendations/new/", learning.commendation_create, name="learning_commendation_create"),
]
