"""The meetings pages (included in the `reviews` namespace)."""

from django.urls import URLPattern, path

from reviews.meetings import views

urlpatterns: list[URLPattern] = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/members/", views.meeting_members, name="meeting_members"),
    path("meetings/<int:pk>/agenda/draft/", views.agenda_draft, name="agenda_draft"),
    path("meetings/<int:pk>/agenda/add/", views.agenda_item_add, name="agenda_item_add"),
    path("meetings/<int:pk>/agenda/<int:item>/remove/", views.agenda_item_remove, name="agenda_item_remove"),
]
