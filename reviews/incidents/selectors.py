"""Reads of incidents, children and Rapid Reviews that depend on who asks: lists are filtered,
an object out of scope is 404."""

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from crag.models import User
from reviews import clocks
from reviews.models import Child, Incident, RapidReview

INCIDENT_SORTS = {
    "aware": ("aware_date", "id"),
    "-aware": ("-aware_date", "-id"),
    "incident": ("incident_date", "id"),
    "-incident": ("-incident_date", "-id"),
    "reference": ("reference",),
    "-reference": ("-reference",),
    "kind": ("kind", "-aware_date"),
}


def incident_list(*, user: User, filters: dict[str, Any], today: date) -> QuerySet[Incident]:
    """Incidents for CRAG's work (Partnership admin, chair, members); nobody else sees them."""
    incidents = (
        Incident.objects.restrict(user, "view")
        .select_related("rapid_review")
        .prefetch_related(Prefetch("children", queryset=Child.objects.only("id", "pseudonym")))
    )
    if filters.get("kind"):
        incidents = incidents.filter(kind=filters["kind"])
    if filters.get("year"):
        incidents = incidents.filter(aware_date__year=filters["year"])
    if filters.get("awaiting"):  # the Panel clock running (notifiable, not yet notified)
        incidents = incidents.filter(clocks.PANEL_NOTIFICATION.running_q(today))
    if filters.get("overdue"):
        incidents = incidents.filter(clocks.PANEL_NOTIFICATION.overdue_q(today, clocks.calendar_overrides()))
    return incidents.order_by(*INCIDENT_SORTS.get(filters.get("sort") or "-aware", INCIDENT_SORTS["-aware"]))


def incident_get(*, user: User, pk: int) -> Incident:
    """One incident, or 404 when it does not exist or the user may not see it."""
    incident = (
        incident_list(user=user, filters={}, today=date.min).filter(pk=pk).prefetch_related("themes").first()
    )
    if incident is None:
        raise Http404
    return incident


def rapid_review_get(*, user: User, incident_pk: int) -> RapidReview:
    """The Rapid Review of an incident, or 404."""
    incident = incident_get(user=user, pk=incident_pk)
    try:
        return (
            RapidReview.objects.restrict(user, "view")
            .select_related("incident", "signed_off_by")
            .prefetch_related(
                "themes", "agency_summaries__agency", "safety_actions__owner_agency", "amendments__made_by"
            )
            .get(incident=incident)
        )
    except RapidReview.DoesNotExist as missing:
        raise Http404 from missing


def child_list(*, user: User) -> QuerySet[Child]:
    """The children recorded, for CRAG's work."""
    return Child.objects.restrict(user, "view")


def incidents_awaiting_notification(*, user: User, today: date) -> QuerySet[Incident]:
    """For the dashboard: incidents whose Panel clock is running, oldest first."""
    return incident_list(user=user, filters={"awaiting": True, "sort": "aware"}, today=today)


def rapid_reviews_open(*, user: User, today: date) -> QuerySet[RapidReview]:
    """For the dashboard: Rapid Reviews whose clock is running (not yet sent to the Panel)."""
    running = Incident.objects.filter(clocks.RAPID_REVIEW.running_q(today))
    return (
        RapidReview.objects.restrict(user, "view")
        .select_related("incident")
        .filter(incident__in=running)
        .order_by("incident__aware_date")
    )


def decisions_awaiting_sign_off(*, user: User) -> QuerySet[RapidReview]:
    """For the dashboard: decisions recorded but not yet signed off by the chair."""
    return (
        RapidReview.objects.restrict(user, "view")
        .select_related("incident")
        .filter(signed_off_at__isnull=True, meets_cspr_criteria__isnull=False)
    )
