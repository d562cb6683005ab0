"""Reads of reviews that depend on who asks: lists are filtered, a review out of scope is 404."""

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from crag.models import User
from reviews import clocks
from reviews.choices import ReviewStatus
from reviews.models import ParallelProcess, Review


def reviews_in_progress(*, user: User) -> QuerySet[Review]:
    """For the dashboard: reviews not yet published or closed, oldest decision first."""
    return (
        Review.objects.restrict(user, "manage")
        .select_related("rapid_review")
        .exclude(status__in=[ReviewStatus.PUBLISHED, ReviewStatus.CLOSED])
        .order_by("decision_on", "id")
    )


REVIEW_SORTS = {
    "decision": ("decision_on", "id"),
    "-decision": ("-decision_on", "-id"),
    "title": ("title", "id"),
    "status": ("status", "decision_on"),
}


def reviews_named_to(*, user: User) -> QuerySet[Review]:
    """The reviews whose (pseudonymised) title a user may read wherever a page or a CSV names a
    review: those they may see, and for an agency action lead the reviews their agency's actions
    come from (DESIGN.md section 1)."""
    return Review.objects.restrict(user, "name")


def review_list(*, user: User, filters: dict[str, Any], today: date | None = None) -> QuerySet[Review]:
    """The reviews a user may see: all of them for CRAG and the Business Group (pseudonymised),
    the ones assigned to an Independent reviewer, published ones for a Board member."""
    reviews = (
        Review.objects.restrict(user, "view")
        .select_related("reviewer")
        .prefetch_related(
            Prefetch(
                "parallel_processes",
                queryset=ParallelProcess.objects.filter(ended_on__isnull=True),
                to_attr="active_processes",
            )
        )
    )
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
