"""Reads of the domain that depend on who asks: lists are filtered, objects out of scope are 404."""

import operator
from datetime import date
from functools import reduce
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from crag import permissions
from crag.models import User
from reviews import clocks
from reviews.choices import ActionStatus, ReviewStatus
from reviews.models import Action, Child, Incident, ParallelProcess, RapidReview, Review

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
    if not permissions.can_do_crag_work(user):
        return Incident.objects.none()
    incidents = Incident.objects.select_related("rapid_review").prefetch_related(
        Prefetch("children", queryset=Child.objects.only("id", "pseudonym"))
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
            RapidReview.objects.select_related("incident", "signed_off_by")
            .prefetch_related(
                "themes", "agency_summaries__agency", "safety_actions__owner_agency", "amendments__made_by"
            )
            .get(incident=incident)
        )
    except RapidReview.DoesNotExist as missing:
        raise Http404 from missing


def child_list(*, user: User) -> QuerySet[Child]:
    if not permissions.can_do_crag_work(user):
        return Child.objects.none()
    return Child.objects.all()


def incidents_awaiting_notification(*, user: User, today: date) -> QuerySet[Incident]:
    """For the dashboard: incidents whose Panel clock is running, oldest first."""
    return incident_list(user=user, filters={"awaiting": True, "sort": "aware"}, today=today)


def rapid_reviews_open(*, user: User, today: date) -> QuerySet[RapidReview]:
    """For the dashboard: Rapid Reviews whose clock is running (not yet sent to the Panel)."""
    if not permissions.can_do_crag_work(user):
        return RapidReview.objects.none()
    running = Incident.objects.filter(clocks.RAPID_REVIEW.running_q(today))
    return (
        RapidReview.objects.select_related("incident")
        .filter(incident__in=running)
        .order_by("incident__aware_date")
    )


def reviews_in_progress(*, user: User) -> QuerySet[Review]:
    """For the dashboard: reviews not yet published or closed, oldest decision first."""
    if not permissions.can_do_crag_work(user):
        return Review.objects.none()
    return (
        Review.objects.select_related("rapid_review")
        .exclude(status__in=[ReviewStatus.PUBLISHED, ReviewStatus.CLOSED])
        .order_by("decision_on", "id")
    )


def decisions_awaiting_sign_off(*, user: User) -> QuerySet[RapidReview]:
    """For the dashboard: decisions recorded but not yet signed off by the chair."""
    if not permissions.can_do_crag_work(user):
        return RapidReview.objects.none()
    return RapidReview.objects.select_related("incident").filter(
        signed_off_at__isnull=True, meets_cspr_criteria__isnull=False
    )


ACTION_SORTS = {
    "due": ("due_on", "id"),
    "-due": ("-due_on", "-id"),
    "agency": ("owner_agency__name", "due_on"),
    "status": ("status", "due_on"),
}


def action_list(*, user: User, filters: dict[str, Any], today: date) -> QuerySet[Action]:
    """The action plan the user may see: all of it for CRAG and the Business Group, their own
    agency's actions for an agency action lead, nothing for anyone else."""
    actions = Action.objects.select_related("owner_agency", "recommendation__review")
    if permissions.can_see_all_actions(user):
        pass
    elif permissions.is_agency_action_lead(user) and user.agency_id is not None:
        actions = actions.filter(owner_agency_id=user.agency_id)
    else:
        return actions.none()
    if filters.get("review"):
        actions = actions.filter(recommendation__review__title__icontains=filters["review"].strip())
    for field, lookup in (
        ("agency", "owner_agency"),
        ("status", "status"),
        ("rag", "rag"),
    ):
        if filters.get(field):
            actions = actions.filter(**{lookup: filters[field]})
    if filters.get("overdue"):
        actions = actions.filter(due_on__lt=today, status__in=ActionStatus.OPEN)
    return actions.order_by(*ACTION_SORTS.get(filters.get("sort") or "due", ACTION_SORTS["due"]))


def action_get(*, user: User, pk: int) -> Action:
    """One action, or 404 when it does not exist or belongs to another agency."""
    action = (
        action_list(user=user, filters={}, today=date.min)
        .prefetch_related("updates__author", "recommendation__agencies")
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise Http404
    return action


def actions_open_to(*, user: User, review: Review) -> set[int]:
    """The ids of the review's actions whose page the user may open (those action_get answers)."""
    if permissions.can_see_all_actions(user):  # the review's actions, prefetched by review_get
        return {a.pk for r in review.recommendations.all() for a in r.actions.all()}
    mine = action_list(user=user, filters={}, today=date.min).filter(recommendation__review=review)
    return set(mine.values_list("pk", flat=True))


REVIEW_SORTS = {
    "decision": ("decision_on", "id"),
    "-decision": ("-decision_on", "-id"),
    "title": ("title", "id"),
    "status": ("status", "decision_on"),
}


def _review_scope(user: User) -> Q | None:
    """The reviews a user may see, as a filter: each of their roles adds its own (the predicate
    can_view_review is such a union too); an empty Q is every review, None no review at all."""
    if permissions.can_view_reviews(user):
        return Q()
    parts: list[Q] = []
    if permissions.is_independent_reviewer(user):
        parts.append(Q(reviewer=user))
    if permissions.is_board_member(user):
        parts.append(Q(published_on__isnull=False))
    return reduce(operator.or_, parts) if parts else None


def reviews_named_to(*, user: User) -> QuerySet[Review]:
    """The reviews whose (pseudonymised) title a user may read wherever a page or a CSV names a
    review: those they may see, and for an agency action lead the reviews their agency's actions
    come from (DESIGN.md section 1)."""
    if permissions.can_view_reviews(user):
        return Review.objects.all()  # not Q() | ...: an empty Q drops out of an OR
    parts: list[Q] = [scope] if (scope := _review_scope(user)) is not None else []
    if permissions.is_agency_action_lead(user) and user.agency_id is not None:
        own = Action.objects.filter(owner_agency_id=user.agency_id).values("recommendation__review_id")
        parts.append(Q(pk__in=own))
    if not parts:
        return Review.objects.none()
    return Review.objects.filter(reduce(operator.or_, parts))


def review_list(*, user: User, filters: dict[str, Any], today: date | None = None) -> QuerySet[Review]:
    """The reviews a user may see: all of them for CRAG and the Business Group (pseudonymised),
    the ones assigned to an Independent reviewer, published ones for a Board member."""
    reviews = Review.objects.select_related("reviewer").prefetch_related(
        Prefetch(
            "parallel_processes",
            queryset=ParallelProcess.objects.filter(ended_on__isnull=True),
            to_attr="active_processes",
        )
    )
    scope = _review_scope(user)
    if scope is None:
        return reviews.none()
    reviews = reviews.filter(scope)
    for field in ("kind", "status"):
        if filters.get(field):
            reviews = reviews.filter(**{field: filters[field]})
    if filters.get("year"):
        reviews = reviews.filter(decision_on__year=filters["year"])
    if filters.get("theme"):
        reviews = reviews.filter(themes=filters["theme"])
    if filters.get("past_target"):  # the CSPR's clock running and overdue (the registry's rule)
        reviews = reviews.filter(
            clocks.CSPR_PUBLICATION.overdue_q(today or timezone.localdate(), clocks.calendar_overrides())
        )
    return reviews.order_by(*REVIEW_SORTS.get(filters.get("sort") or "-decision", REVIEW_SORTS["-decision"]))


def review_get(*, user: User, pk: int) -> Review:
    """A review with its record, recommendations and actions, or 404 when the user may not see it."""
    review = (
        review_list(user=user, filters={})
        .select_related("rapid_review__incident", "signed_off_by")
        .prefetch_related(
            "recommendations__agencies",
            "recommendations__actions__owner_agency",
            "children",
            "themes",
            "parallel_processes",
            "life_letters__child",
            "status_changes__changed_by",
        )
        .filter(pk=pk)
        .first()
    )
    if review is None:
        raise Http404
    return review


def reviews_paused(*, user: User) -> QuerySet[Review]:
    """For the chair: reviews paused or completed as far as possible, with their active processes."""
    return review_list(user=user, filters={"sort": "decision"}).filter(
        status__in=[ReviewStatus.PAUSED, ReviewStatus.COMPLETED_AS_FAR_AS_POSSIBLE]
    )


def action_summary(*, actions: QuerySet[Action], today: date) -> list[dict[str, Any]]:
    """Actions by agency and status, with the overdue count: one grouped query."""
    from django.db.models import Count, Q

    rows = (
        actions.order_by()
        .values("owner_agency__name")
        .annotate(
            total=Count("id"),
            **{status: Count("id", filter=Q(status=status)) for status in ActionStatus.values},
            overdue=Count("id", filter=Q(due_on__lt=today, status__in=ActionStatus.OPEN)),
        )
        .order_by("owner_agency__name")
    )
    return [dict(row) for row in rows]
