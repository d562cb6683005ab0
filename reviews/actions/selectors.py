"""Reads of the action plan that depend on who asks: an agency action lead sees their agency's
actions, an action out of scope is 404."""

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from crag import permissions
from crag.models import User
from reviews.choices import ActionStatus, ExternalReviewSource
from reviews.models import Action, Review

ACTION_SORTS = {
    "due": ("due_on", "id"),
    "-due": ("-due_on", "-id"),
    "agency": ("owner_agency__name", "due_on"),
    "status": ("status", "due_on"),
}
# The action plan's source filter: the partnership's own reviews, every external review, or one
# kind of external review (an ExternalReviewSource value).
LOCAL, EXTERNAL = "local", "external"


def _by_source(actions: QuerySet[Action], source: str) -> QuerySet[Action]:
    if source == LOCAL:
        return actions.filter(recommendation__review__isnull=False)
    if source == EXTERNAL:
        return actions.filter(recommendation__external_review__isnull=False)
    if source in ExternalReviewSource.values:
        return actions.filter(recommendation__external_review__source=source)
    return actions


def action_list(*, user: User, filters: dict[str, Any], today: date) -> QuerySet[Action]:
    """The action plan the user may see: all of it for CRAG and the Business Group, their own
    agency's actions for an agency action lead, nothing for anyone else."""
    actions: QuerySet[Action] = Action.objects.restrict(user, "view").select_related(
        "owner_agency", "recommendation__review", "recommendation__external_review"
    )
    if filters.get("review"):  # the title of the review it came from, local or external
        title = filters["review"].strip()
        actions = actions.filter(
            Q(recommendation__review__title__icontains=title)
            | Q(recommendation__external_review__title__icontains=title)
        )
    if filters.get("source"):
        actions = _by_source(actions, filters["source"])
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


def action_summary(*, actions: QuerySet[Action], today: date) -> list[dict[str, Any]]:
    """Actions by agency and status, with the overdue count: one grouped query."""
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
