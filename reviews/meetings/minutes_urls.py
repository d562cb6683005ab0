"""The minutes pages (included in the `reviews` namespace)."""

from django.urls import URLPattern, path

from reviews.meetings import minutes_views as views

urlpatterns: list[URLPattern] = [
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/agenda/<int:item>/minute/", views.agenda_item_minute, name="agenda_item_minute"),
    path(
        "meetings/<int:pk>/agenda/<int:item>/decide/", views.meeting_decision_add, name="meeting_decision_add"
    ),
    path("meetings/<int:pk>/actions/add/", views.meeting_action_add, name="meeting_action_add"),
    path(
        "meetings/<int:pk>/actions/<int:action>/done/", views.meeting_action_done, name="meeting_action_done"
    ),
    path("meetings/<int:pk>/minutes/approve/", views.minutes_approve, name="minutes_approve"),
    path("meetings/<int:pk>/minutes/amend/", views.minutes_amend, name="minutes_amend"),
    path("meetings/<int:pk>/papers/", views.meeting_papers_page, name="meeting_papers"),
    path(
        "meetings/<int:pk>/papers/<int:papers>/download/",
        views.meeting_papers_download,
        name="meeting_papers_download",
    ),
]
