"""Placing and lifting legal holds, and what the holds in force cover.

A hold on a child covers the child, their incidents (with Rapid Reviews) and the reviews naming
them; a hold on an incident covers it, its Rapid Review, the reviews that came of it and the
children it names; a hold on a review covers it, its documents and action plan, the Rapid Review
and incident it came from and the children it names."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from crag import permissions
from crag.audit_entries import one_entry
from crag.models import User
from reviews.models import Child, Incident, LegalHold, Review


@dataclass
class Held:
    """The ids of the records the holds in force cover, and for each the holds that cover it."""

    children: dict[int, list[LegalHold]] = field(default_factory=dict)
    incidents: dict[int, list[LegalHold]] = field(default_factory=dict)
    reviews: dict[int, list[LegalHold]] = field(default_factory=dict)

    def add(self, hold: LegalHold, *, children: set[int], incidents: set[int], reviews: set[int]) -> None:
        for ids, held in ((children, self.children), (incidents, self.incidents), (reviews, self.reviews)):
            for pk in ids:
                held.setdefault(pk, []).append(hold)


def _ids(values: object) -> set[int]:
    return {pk for pk in values if pk is not None}  # type: ignore[attr-defined]


def held() -> Held:
    """What every hold in force covers (a few holds at a time: a query or two each)."""
    found = Held()
    for hold in LegalHold.objects.filter(lifted_on__isnull=True).select_related(
        "child", "incident", "review"
    ):
        if hold.child_id is not None:
            children = {hold.child_id}
            incidents = _ids(Incident.objects.filter(children=hold.child_id).values_list("pk", flat=True))
            reviews = _ids(Review.objects.filter(children=hold.child_id).values_list("pk", flat=True))
        elif hold.incident_id is not None:
            incidents = {hold.incident_id}
            children = _ids(Child.objects.filter(incidents=hold.incident_id).values_list("pk", flat=True))
            reviews = _ids(
                Review.objects.filter(rapid_review__incident=hold.incident_id).values_list("pk", flat=True)
            )
        else:
            reviews = {hold.review_id} if hold.review_id is not None else set()
            children = _ids(Child.objects.filter(reviews__in=reviews).values_list("pk", flat=True))
            incidents = _ids(
                Incident.objects.filter(rapid_review__reviews__in=reviews).values_list("pk", flat=True)
            )
        # What hangs off those in turn: the reviews of the incidents, the incidents the reviews
        # came from, and every child any of them names.
        reviews |= _ids(
            Review.objects.filter(rapid_review__incident__in=incidents).values_list("pk", flat=True)
        )
        incidents |= _ids(
            Incident.objects.filter(rapid_review__reviews__in=reviews).values_list("pk", flat=True)
        )
        children |= _ids(
            Child.objects.filter(Q(incidents__in=incidents) | Q(reviews__in=reviews)).values_list(
                "pk", flat=True
            )
        )
        found.add(hold, children=children, incidents=incidents, reviews=reviews)
    return found


@transaction.atomic
def hold_place(
    *,
    actor: User,
    reason: str,
    detail: str,
    child: Child | None = None,
    incident: Incident | None = None,
    review: Review | None = None,
    placed_on: date | None = None,
) -> LegalHold:
    """Place a hold on one record (audited): nothing retention does touches it until lifted."""
    permissions.require(permissions.can_hold_records(actor))
    hold = LegalHold(
        child=child,
        incident=incident,
        review=review,
        reason=reason,
        detail=detail,
        placed_by=actor,
        placed_on=placed_on or timezone.localdate(),
    )
    hold.full_clean()
    with one_entry(hold):
        hold.save()
    return hold


@transaction.atomic
def hold_lift(*, actor: User, hold: LegalHold, note: str, lifted_on: date | None = None) -> LegalHold:
    """Lift a hold (audited). A hold is never deleted; lifting one twice changes nothing."""
    permissions.require(permissions.can_hold_records(actor))
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if not hold.is_active:
        return hold
    hold.lifted_by = actor
    hold.lifted_on = lifted_on or timezone.localdate()
    hold.lifted_note = note
    hold.full_clean()
    with one_entry(hold):
        hold.save()
    return hold


def holds_naming(*, child: Child) -> list[LegalHold]:
    """Every hold (in force or lifted) on the child or a record naming them (subject access)."""
    return list(
        LegalHold.objects.filter(
            Q(child=child) | Q(incident__children=child) | Q(review__children=child)
        ).distinct()
    )
