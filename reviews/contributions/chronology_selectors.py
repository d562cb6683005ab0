"""Reads of the chronologies that depend on who asks: an agency's own rows (another agency's
request is 404), and the merged chronology of a case (CRAG; a review's own Independent reviewer)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from crag import permissions
from crag.models import Agency, User
from reviews.choices import ContributionKind, ContributionStatus
from reviews.models import ChronologyEntry, ContributionRequest, RapidReview, Review

SHOWN = (ContributionStatus.SUBMITTED, ContributionStatus.ACCEPTED)
MERGED_ORDER = ("occurred_on", F("occurred_at").asc(nulls_last=True), "request__agency__name", "id")


@dataclass(frozen=True)
class Case:
    """The Rapid Review or review whose chronology is merged, and how the page names it."""

    rapid_review: RapidReview | None
    review: Review | None

    @property
    def name(self) -> str:
        """The case by reference (Rapid Review) or pseudonymised title (review): never a child's name."""
        if self.review is not None:
            return self.review.title
        return self.rapid_review.incident.reference if self.rapid_review is not None else ""

    def child_pseudonyms(self) -> list[str]:
        """The case's children by pseudonym only: the merged chronology never shows an identity."""
        if self.review is not None:
            children = self.review.children.all()
        elif self.rapid_review is not None:
            children = self.rapid_review.incident.children.all()
        else:
            return []
        return list(children.order_by("pseudonym").values_list("pseudonym", flat=True))

    @property
    def kind(self) -> str:
        return "review" if self.review is not None else "Rapid Review"

    def requests_q(self, prefix: str = "") -> Q:
        if self.review is not None:
            return Q(**{f"{prefix}review": self.review})
        return Q(**{f"{prefix}rapid_review": self.rapid_review})


def chronology_request_get(*, user: User, pk: int) -> ContributionRequest:
    """A chronology request the user may see (their own agency's for a lead), or 404."""
    found = (
        ContributionRequest.objects.restrict(user, "view")
        .filter(pk=pk, kind=ContributionKind.CHRONOLOGY)
        .select_related("agency", "rapid_review__incident", "review")
        .first()
    )
    if found is None:
        raise Http404
    return found


def chronology_entries(*, user: User, request: ContributionRequest) -> QuerySet[ChronologyEntry]:
    """The request's rows the user may see, in date order."""
    return ChronologyEntry.objects.restrict(user, "view").filter(request=request).order_by(*MERGED_ORDER)


def chronology_entry_get(*, user: User, request: ContributionRequest, pk: int) -> ChronologyEntry:
    """One row of the request, or 404."""
    entry = chronology_entries(user=user, request=request).select_related("request").filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry


def rapid_review_case(*, user: User, incident_pk: int) -> Case:
    """The Rapid Review whose merged chronology the user may see (CRAG only), or 404."""
    rapid_review = (
        RapidReview.objects.restrict(user, "view")
        .select_related("incident")
        .filter(incident_id=incident_pk)
        .first()
    )
    if rapid_review is None:
        raise Http404
    permissions.require(bool(permissions.can_view_merged_chronology(user, None)))
    return Case(rapid_review=rapid_review, review=None)


def review_case(*, user: User, pk: int) -> Case:
    """The review whose merged chronology the user may see, 404 out of scope, 403 when the user
    sees the review but not its chronology (the Business Group, the Board)."""
    review = Review.objects.restrict(user, "view").filter(pk=pk).first()
    if review is None:
        raise Http404
    permissions.require(bool(permissions.can_view_merged_chronology(user, review)))
    return Case(rapid_review=None, review=review)


def merged_chronology(*, user: User, case: Case, filters: dict[str, Any]) -> QuerySet[ChronologyEntry]:
    """Every agency's submitted or accepted rows for the case, in date, time and agency order,
    narrowed by agency, period and key practice episodes."""
    entries = (
        ChronologyEntry.objects.restrict(user, "view")
        .filter(case.requests_q("request__"), request__status__in=SHOWN)
        .select_related("request__agency")
    )
    if filters.get("agency"):
        entries = entries.filter(request__agency=filters["agency"])
    if filters.get("date_from"):
        entries = entries.filter(occurred_on__gte=filters["date_from"])
    if filters.get("date_to"):
        entries = entries.filter(occurred_on__lte=filters["date_to"])
    if filters.get("key_only"):
        entries = entries.filter(key_practice_episode=True)
    return entries.order_by(*MERGED_ORDER)


def chronology_progress(*, case: Case) -> dict[str, int]:
    """How many agencies' chronologies are still owed, returned for changes, or in (one query)."""
    counts = ContributionRequest.objects.filter(
        case.requests_q(), kind=ContributionKind.CHRONOLOGY
    ).aggregate(
        outstanding=Count("id", filter=Q(status=ContributionStatus.REQUESTED)),
        returned=Count("id", filter=Q(status=ContributionStatus.RETURNED)),
        shown=Count("id", filter=Q(status__in=SHOWN)),
    )
    return {key: value or 0 for key, value in counts.items()}


def chronology_summary(*, user: User, case: Case) -> dict[str, int]:
    """The merged chronology in numbers: entries, agencies, key practice episodes (one query)."""
    counts = (
        merged_chronology(user=user, case=case, filters={})
        .order_by()
        .aggregate(
            entries=Count("id"),
            agencies=Count("request__agency", distinct=True),
            key_episodes=Count("id", filter=Q(key_practice_episode=True)),
        )
    )
    return {key: value or 0 for key, value in counts.items()}


def chronology_agencies(*, case: Case) -> QuerySet[Agency]:
    """The agencies asked for a chronology on the case (the agency filter's choices)."""
    return (
        Agency.objects.filter(
            contribution_requests__in=ContributionRequest.objects.filter(
                case.requests_q(), kind=ContributionKind.CHRONOLOGY
            )
        )
        .distinct()
        .order_by("name")
    )
