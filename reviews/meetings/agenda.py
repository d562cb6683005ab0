"""The agenda drafted from what is due (issue 19): CRAG presses one button and the next meeting's
agenda lists every referral awaiting screening, Rapid Review decision due, review due a progress
check or past its target, publication decision and agency with overdue actions, and the last
meeting's minutes if they are not yet approved. Each clock is read through the registry (a Day),
never counted again here. Items name references and pseudonyms only, never a child's identity."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Prefetch
from django.utils import timezone

from crag import permissions
from crag.models import Agency, User
from reviews import clocks
from reviews.choices import AgendaItemKind, MeetingStatus, ReviewStatus
from reviews.clocks import Day
from reviews.meetings import services
from reviews.models import Action, AgendaItem, Child, Meeting, RapidReview, Referral, Review


@dataclass(frozen=True)
class Proposed:
    """An item the agenda should have: its kind and the record it is about (its identity)."""

    kind: str
    title: str
    summary: str = ""
    referral: Referral | None = None
    rapid_review: RapidReview | None = None
    review: Review | None = None
    agency: Agency | None = None

    def key(self) -> tuple[str, int | None, int | None, int | None, int | None]:
        return (
            self.kind,
            self.referral.pk if self.referral else None,
            self.rapid_review.pk if self.rapid_review else None,
            self.review.pk if self.review else None,
            self.agency.pk if self.agency else None,
        )


def _item_key(item: AgendaItem) -> tuple[str, int | None, int | None, int | None, int | None]:
    return (item.kind, item.referral_id, item.rapid_review_id, item.review_id, item.agency_id)


def _pseudonyms(children: Iterable[Child]) -> str:
    return ", ".join(child.pseudonym for child in children) or "no child recorded"


def _pseudonyms_only() -> "Prefetch[Any]":
    return Prefetch("children", queryset=Child.objects.only("id", "pseudonym"))


def _referrals() -> Iterator[Proposed]:
    waiting = (
        Referral.objects.filter(decision="")
        .select_related("referring_agency")
        .prefetch_related(_pseudonyms_only())
        .order_by("referred_on", "id")
    )
    for referral in waiting:
        yield Proposed(
            AgendaItemKind.REFERRAL,
            f"Screen referral {referral.reference} ({_pseudonyms(referral.children.all())})",
            f"Referred by {referral.referring_agency.name} on {referral.referred_on:%-d %B %Y}: "
            f"{referral.get_kind_display().lower()}.",
            referral=referral,
        )


def _rapid_reviews(today: Day) -> Iterator[Proposed]:
    open_ones = (
        RapidReview.objects.filter(signed_off_at__isnull=True)
        .select_related("incident")
        .prefetch_related(Prefetch("incident__children", queryset=Child.objects.only("id", "pseudonym")))
        .order_by("id")
    )
    for rapid_review in open_ones:
        incident = rapid_review.incident
        if not clocks.RAPID_REVIEW.is_running(incident, today.on):
            continue
        clock = today.clock(clocks.RAPID_REVIEW, incident)
        if clock is None:
            continue
        yield Proposed(
            AgendaItemKind.RAPID_REVIEW_DECISION,
            f"Rapid Review decision: {incident.reference} ({_pseudonyms(incident.children.all())})",
            f"The Rapid Review is due to go to the Panel by {clock.due:%-d %B %Y}.",
            rapid_review=rapid_review,
        )


def _reviews_due(today: Day, on: Day) -> Iterator[Proposed]:
    """Reviews due a progress check by the meeting's date, and reviews past their target on it."""
    for review in Review.objects.filter(clocks.PROGRESS_CHECK.running_q(today.on)).order_by("title", "id"):
        clock = on.clock(clocks.PROGRESS_CHECK, review)
        if clock is not None and clock.due <= on.on:
            yield Proposed(
                AgendaItemKind.PROGRESS_CHECK,
                f"Progress check: {review.title}",
                f"{review.get_kind_display()} ({review.get_status_display().lower()}); its progress "
                f"is due a check by {clock.due:%-d %B %Y}.",
                review=review,
            )
    publication = clocks.CSPR_PUBLICATION
    for review in Review.objects.filter(publication.running_q(on.on)).order_by("decision_on", "id"):
        clock = on.clock(publication, review)
        if clock is not None and clock.due < on.on:
            yield Proposed(
                AgendaItemKind.PAST_TARGET,
                f"Past its target date: {review.title}",
                f"The target to publish was {clock.due:%-d %B %Y}; the review is "
                f"{review.get_status_display().lower()}.",
                review=review,
            )


def _publication_decisions() -> Iterator[Proposed]:
    signed_off = Review.objects.filter(status=ReviewStatus.SIGNED_OFF, published_on__isnull=True)
    for review in signed_off.order_by("signed_off_on", "id"):
        yield Proposed(
            AgendaItemKind.PUBLICATION,
            f"Publication decision: {review.title}",
            "Signed off and not yet published: decide how and when the report is published.",
            review=review,
        )


def _overdue_actions(on: Day) -> Iterator[Proposed]:
    """One item per agency with actions overdue on the meeting's date, with how many."""
    overdue = Action.objects.filter(clocks.ACTION_DUE.overdue_q(on.on, on.overrides))
    counts = dict(
        overdue.order_by()
        .values_list("owner_agency")
        .annotate(n=Count("id"))
        .values_list("owner_agency", "n")
    )
    for agency in Agency.objects.filter(pk__in=counts).order_by("name"):
        n = counts[agency.pk]
        yield Proposed(
            AgendaItemKind.OVERDUE_ACTIONS,
            f"Overdue actions: {agency.name}",
            f"{n} action{'' if n == 1 else 's'} on the action plan overdue on {on.on:%-d %B %Y}.",
            agency=agency,
        )


def _minutes(meeting: Meeting) -> Iterator[Proposed]:
    last = (
        Meeting.objects.filter(status=MeetingStatus.HELD, held_on__lt=meeting.held_on)
        .exclude(pk=meeting.pk)
        .order_by("-held_on", "-starts_at", "-id")
        .first()
    )
    if last is not None and not last.minutes_approved:
        yield Proposed(
            AgendaItemKind.MINUTES,
            f"Minutes of the meeting of {last.held_on:%-d %B %Y}",
            "To approve the minutes of the last meeting.",
        )


def due_items(meeting: Meeting, today: date) -> list[Proposed]:
    """Everything due for the meeting, in the agenda's order (minutes first)."""
    now, on = Day(today), Day.counting_on(meeting.held_on, Day(today).overrides)
    return [
        *_minutes(meeting),
        *_referrals(),
        *_rapid_reviews(now),
        *_reviews_due(now, on),
        *_publication_decisions(),
        *_overdue_actions(on),
    ]


@transaction.atomic
def agenda_draft(*, actor: User, meeting: Meeting) -> list[AgendaItem]:
    """Add to the agenda, after what is on it, one item for each thing due that it does not list
    yet. Drafting twice adds nothing the second time. Returns the items added."""
    permissions.require(permissions.can_manage_meetings(actor))
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    there = {_item_key(item) for item in AgendaItem.objects.filter(meeting=meeting)}
    added = []
    for proposed in due_items(meeting, timezone.localdate()):
        if proposed.key() in there:
            continue
        there.add(proposed.key())
        added.append(
            services.agenda_item_add(
                actor=actor,
                meeting=meeting,
                title=proposed.title[:300],
                kind=proposed.kind,
                summary=proposed.summary,
                referral=proposed.referral,
                rapid_review=proposed.rapid_review,
                review=proposed.review,
                agency=proposed.agency,
                drafted=True,
            )
        )
    return added
