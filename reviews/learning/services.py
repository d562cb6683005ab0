"""The learning from reviews (DESIGN.md section 3): events for practitioners with attendance by
agency, learning resources, and commendations of good practice.

Every role reads the learning, so its reads live here beside its writes; the reviews they name
are narrowed by selectors.reviews_named_to to those the reader may see. The writes are CRAG's
work.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from crag import audit_entries, permissions
from crag.models import Agency, User
from reviews import validation
from reviews.casework import selectors
from reviews.editing import versions
from reviews.models import (
    Commendation,
    LearningAttendance,
    LearningEvent,
    LearningResource,
    Recommendation,
    Review,
    Theme,
)

EVENT_SORTS = {
    "-held": ("-held_on", "-id"),
    "held": ("held_on", "id"),
    "title": ("title", "id"),
    "kind": ("kind", "-held_on", "-id"),
}
RESOURCE_SORTS = {
    "-published": ("-published_on", "title", "id"),
    "published": ("published_on", "title", "id"),
    "title": ("title", "id"),
}
COMMENDATION_SORTS = {
    "-commended": ("-commended_on", "-id"),
    "commended": ("commended_on", "id"),
    "agency": ("agency__name", "-commended_on", "-id"),
}


def _sorted[M: Model](items: QuerySet[M], sorts: dict[str, tuple[str, ...]], key: object) -> QuerySet[M]:
    order = sorts.get(str(key or ""), next(iter(sorts.values())))
    return items.order_by(*order)


# --- Reads --------------------------------------------------------------------------------------
# A page or a CSV of the learning names a review only to a reader who may read its title: the
# reviews are read into named_reviews (named_recommendations, named_review), never .reviews.all().


def _named_reviews(user: User) -> "Prefetch[Any, Any, Any]":
    return Prefetch("reviews", queryset=selectors.reviews_named_to(user=user), to_attr="named_reviews")


def learning_event_list(*, user: User, filters: Mapping[str, Any]) -> QuerySet[LearningEvent]:
    """Events, filtered by kind, year held and theme, in the chosen order (newest first)."""
    permissions.require(permissions.can_view_learning(user))
    events = LearningEvent.objects.prefetch_related("themes", _named_reviews(user))
    if filters.get("kind"):
        events = events.filter(kind=filters["kind"])
    if filters.get("year"):
        events = events.filter(held_on__year=filters["year"])
    if filters.get("theme"):
        events = events.filter(themes=filters["theme"])
    return _sorted(events, EVENT_SORTS, filters.get("sort"))


def learning_event_get(*, user: User, pk: int) -> LearningEvent:
    """One event with its attendance by agency, themes and reviews; 404 when there is none."""
    permissions.require(permissions.can_view_learning(user))
    events = LearningEvent.objects.prefetch_related(
        Prefetch("attendance", queryset=LearningAttendance.objects.select_related("agency")),
        "themes",
        _named_reviews(user),
    )
    return get_object_or_404(events, pk=pk)


def learning_resource_list(*, user: User, filters: Mapping[str, Any]) -> QuerySet[LearningResource]:
    """Resources, filtered by kind, newest first unless another order is chosen."""
    permissions.require(permissions.can_view_learning(user))
    named = selectors.reviews_named_to(user=user)
    resources = LearningResource.objects.prefetch_related(
        _named_reviews(user),
        Prefetch(
            "recommendations",
            queryset=Recommendation.objects.filter(review__in=named).select_related("review"),
            to_attr="named_recommendations",
        ),
    )
    if filters.get("kind"):
        resources = resources.filter(kind=filters["kind"])
    return _sorted(resources, RESOURCE_SORTS, filters.get("sort"))


def commendation_list(*, user: User, filters: Mapping[str, Any]) -> QuerySet[Commendation]:
    """Commendations, filtered by agency and year, newest first unless another order is chosen."""
    permissions.require(permissions.can_view_learning(user))
    commendations = Commendation.objects.select_related("agency").prefetch_related(
        Prefetch("review", queryset=selectors.reviews_named_to(user=user), to_attr="named_review")
    )
    if filters.get("agency"):
        commendations = commendations.filter(agency=filters["agency"])
    if filters.get("year"):
        commendations = commendations.filter(commended_on__year=filters["year"])
    return _sorted(commendations, COMMENDATION_SORTS, filters.get("sort"))


# --- Events -------------------------------------------------------------------------------------


def _attendance_rows(attendance: Mapping[Agency, int | None] | None) -> dict[Agency, int]:
    """The agencies that sent anyone: a blank or a nought is no row."""
    rows = {agency: count for agency, count in (attendance or {}).items() if count}
    negative = [agency.name for agency, count in rows.items() if count < 0]
    if negative:
        raise ValidationError({"attendance": f"Attendance cannot be negative ({', '.join(negative)})."})
    return rows


def _event_total(rows: dict[Agency, int], attendees: int | None) -> int | None:
    """The number who attended: the sum of attendance by agency when it is recorded."""
    if attendees is not None and attendees < 0:
        raise ValidationError({"attendees": "The number who attended cannot be negative."})
    if not rows:
        return attendees
    total = sum(rows.values())
    if attendees is not None and attendees != total:
        raise ValidationError(
            {
                "attendees": f"The number who attended ({attendees}) is not the sum of attendance by agency "
                f"({total}). Leave it blank to use the sum."
            }
        )
    return total


def _save_event(
    event: LearningEvent,
    *,
    themes: Iterable[Theme],
    reviews: Iterable[Review],
    attendance: Mapping[Agency, int | None] | None,
) -> LearningEvent:
    if not event.title.strip():
        raise ValidationError({"title": "Enter the title of the event."})
    rows = _attendance_rows(attendance)
    event.attendees = _event_total(rows, event.attendees)
    event.full_clean()
    with audit_entries.one_entry(event, m2m=("themes", "reviews")):
        event.save()
        event.themes.set(list(themes))
        event.reviews.set(list(reviews))
    # Row by row (not in bulk) so that the audit trail records each change of attendance.
    for row in event.attendance.exclude(agency__in=list(rows)):
        row.delete()
    current = {row.agency_id: row for row in event.attendance.all()}
    for agency, count in rows.items():
        row = current.get(agency.pk) or LearningAttendance(event=event, agency=agency)
        if row.pk is None or row.count != count:
            row.count = count
            row.full_clean()
            row.save()
    return event


@transaction.atomic
def learning_event_create(
    *,
    actor: User,
    kind: str,
    title: str,
    held_on: date,
    themes: Iterable[Theme] = (),
    reviews: Iterable[Review] = (),
    attendance: Mapping[Agency, int | None] | None = None,
    attendees: int | None = None,
    feedback: str = "",
) -> LearningEvent:
    """Record a learning event (it may be planned for a future date). When attendance by agency is
    given, the number who attended is its sum."""
    permissions.require(permissions.can_edit_learning(actor))
    event = LearningEvent(
        kind=kind, title=title.strip(), held_on=held_on, attendees=attendees, feedback=feedback.strip()
    )
    return _save_event(event, themes=themes, reviews=reviews, attendance=attendance)


@transaction.atomic
def learning_event_update(
    *,
    actor: User,
    event: LearningEvent,
    kind: str,
    title: str,
    held_on: date,
    themes: Iterable[Theme] = (),
    reviews: Iterable[Review] = (),
    attendance: Mapping[Agency, int | None] | None = None,
    attendees: int | None = None,
    feedback: str = "",
    version: int | None = None,
) -> LearningEvent:
    """Correct a learning event; its attendance by agency is replaced by the one given."""
    permissions.require(permissions.can_edit_learning(actor))
    versions.claim(event, version)
    event = LearningEvent.objects.select_for_update().get(pk=event.pk)
    event.kind, event.title, event.held_on = kind, title.strip(), held_on
    event.attendees, event.feedback = attendees, feedback.strip()
    return _save_event(event, themes=themes, reviews=reviews, attendance=attendance)


# --- Resources and commendations ----------------------------------------------------------------


@transaction.atomic
def learning_resource_create(
    *,
    actor: User,
    kind: str,
    title: str,
    published_on: date | None = None,
    url: str = "",
    description: str = "",
    reviews: Iterable[Review] = (),
    recommendations: Iterable[Recommendation] = (),
) -> LearningResource:
    """Record a poster, briefing or 7-minute guide made from reviews (blank date: not published yet)."""
    permissions.require(permissions.can_edit_learning(actor))
    if not title.strip():
        raise ValidationError({"title": "Enter the title of the resource."})
    validation.require_not_in_future(
        published_on, field="published_on", message="The date published must be today or in the past."
    )
    resource = LearningResource(
        kind=kind,
        title=title.strip(),
        published_on=published_on,
        url=url.strip(),
        description=description.strip(),
    )
    resource.full_clean()
    with audit_entries.one_entry(resource, m2m=("reviews", "recommendations")):
        resource.save()
        resource.reviews.set(list(reviews))
        resource.recommendations.set(list(recommendations))
    return resource


@transaction.atomic
def commendation_create(
    *,
    actor: User,
    who: str,
    agency: Agency,
    what: str,
    commended_on: date,
    review: Review | None = None,
) -> Commendation:
    """Recognise good practice a review found: who, in which agency, what they did, and when."""
    permissions.require(permissions.can_edit_learning(actor))
    errors = {}
    if not who.strip():
        errors["who"] = "Enter the practitioner or team commended."
    if not what.strip():
        errors["what"] = "Describe the good practice."
    if errors:
        raise ValidationError(errors)
    validation.require_not_in_future(
        commended_on,
        field="commended_on",
        message="The date of the commendation must be today or in the past.",
    )
    commendation = Commendation(
        who=who.strip(), agency=agency, what=what.strip(), commended_on=commended_on, review=review
    )
    commendation.full_clean()
    commendation.save()
    return commendation


@transaction.atomic
def learning_resource_link_recommendations(
    *,
    actor: User,
    resource: LearningResource,
    recommendations: Iterable[Recommendation],
    version: int | None = None,
) -> LearningResource:
    """Name the recommendations a resource comes from: only those of the reviews it draws on."""
    permissions.require(permissions.can_edit_learning(actor))
    versions.claim(resource, version)
    chosen = list(recommendations)
    review_ids = set(resource.reviews.values_list("id", flat=True))
    if any(r.review_id not in review_ids for r in chosen):
        raise ValidationError(
            {"recommendations": "Choose recommendations of the reviews the resource draws on."}
        )
    with audit_entries.one_entry(resource, m2m=("recommendations",)):  # not one for removed, one for added
        resource.recommendations.set(chosen)
    return resource
