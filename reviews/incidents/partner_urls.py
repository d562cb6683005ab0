"""The Rapid Review in the Panel's shape: key practice episodes and the partners' agreement
(included in the `reviews` namespace)."""

from django.urls import URLPattern, path

from reviews.incidents import partner_views as views

urlpatterns: list[URLPattern] = [
    path("incidents/<int:pk>/rapid-review/episodes/add/", views.key_episode_add, name="key_episode_add"),
    path(
        "incidents/<int:pk>/rapid-review/episodes/<int:episode>/edit/",
        views.key_episode_edit,
        name="key_episode_edit",
    ),
    path(
        "incidents/<int:pk>/rapid-review/episodes/<int:episode>/delete/",
        views.key_episode_delete,
        name="key_episode_delete",
    ),
    path("incidents/<int:pk>/rapid-review/agree/", views.partner_agree, name="partner_agree"),
    path(
        "incidents/<int:pk>/rapid-review/agree/<int:agreement>/withdraw/",
        views.partner_agreement_withdraw,
        name="partner_agreement_withdraw",
    ),
]
