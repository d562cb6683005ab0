"""Reads of the requests for agencies' returns that depend on who asks: CRAG sees them all, an
agency action lead their own agency's; a request out of scope is 404."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from crag.models import User
from reviews.choices import ContributionStatus
from reviews.models import ContributionRequest, RapidReview, Review

CONTRIBUTION_SORTS = {
    "due": ("due_on", "id"),
    "-due": ("-due_on", "-id"),
    "agency": ("agency__name", "due_on", "id"),
    "status": ("status", "due_on", "id"),
    "requested": ("-requested_on", "-id"),
}
# What a row of a list or a panel shows: the agency and the case it is about.
_ROW = ("agency", "rapid_review__incident", "review")


def contribution_list(
    *, user: User, filters: dict[str, Any], today: date | None = None
) -> QuerySet[ContributionRequest]:
    """The requests the user may see (all for CRAG, their agency's for an agency action lead,
    none for anyone else), filtered by status, agency, kind and overdue (open past due on `today`)."""
    requests = ContributionRequest.objects.restrict(user, "view").select_related(*_ROW)
    for field in ("status", "agency", "kind"):
        if filters.get(field):
            requests = requests.filter(**{field: filters[field]})
    if filters.get("overdue") and today is not None:
        requests = requests.filter(status__in=ContributionStatus.OPEN, due_on__lt=today)
    return requests.order_by(*CONTRIBUTION_SORTS.get(filters.get("sort") or "due", CONTRIBUTION_SORTS["due"]))


def contribution_get(*, user: User, pk: int) -> ContributionRequest:
    """One request, or 404 when it does not exist or is addressed to another agency."""
    request = (
        ContributionRequest.objects.restrict(user, "view")
        .select_related(*_ROW, "requested_by", "submitted_by")
        .filter(pk=pk)
        .first()
    )
    if request is None:
        raise Http404
    return request


def contributions_of_case(
    *, user: User, rapid_review: RapidReview | None = None, review: Review | None = None
) -> QuerySet[ContributionRequest]:
    """The requests of one Rapid Review or review the user may see."""
    requests = ContributionRequest.objects.restrict(user, "view").select_related(*_ROW)
    if rapid_review is not None:
        return requests.filter(rapid_review=rapid_review)
    if review is not None:
        return requests.filter(review=review)
    return requests.none()


def contributions_owed(*, user: User, until: date) -> QuerySet[ContributionRequest]:
    """Open requests the user may see that are due on or before `until` (overdue included): the
    dashboard's panels."""
    return (
        ContributionRequest.objects.restrict(user, "view")
        .select_related(*_ROW)
        .filter(status__in=ContributionStatus.OPEN, due_on__lte=until)
        .order_by("due_on", "id")
    )
