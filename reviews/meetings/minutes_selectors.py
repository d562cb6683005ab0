"""Reads of a meeting's minutes, decisions, actions and papers, starting from the meetings the
user may see (CRAG all; anyone else the meetings they are members of): anything else is 404."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from crag import permissions
from crag.models import User
from reviews.meetings import minutes
from reviews.models import (
    AgendaItem,
    Meeting,
    MeetingAction,
    MeetingDecision,
    MeetingPapers,
    RapidReview,
    Review,
)


def meeting_get(*, user: User, pk: int) -> Meeting:
    meeting = Meeting.objects.restrict(user).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def items_of(meeting: Meeting) -> "QuerySet[AgendaItem]":
    """The agenda with each item's decisions and actions (three queries in all)."""
    decisions = MeetingDecision.objects.select_related(
        "recorded_by", "rapid_review__incident", "review", "referral"
    )
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .prefetch_related(Prefetch("decisions", queryset=decisions))
        .select_related("referral", "rapid_review__incident", "review", "agency")
    )


def actions_of(meeting: Meeting) -> "QuerySet[MeetingAction]":
    return MeetingAction.objects.filter(meeting=meeting).select_related("owner_agency", "owner", "item")


def item_get(*, meeting: Meeting, pk: int) -> AgendaItem:
    item = AgendaItem.objects.filter(meeting=meeting, pk=pk).select_related("meeting").first()
    if item is None:
        raise Http404
    return item


def action_get(*, meeting: Meeting, pk: int) -> MeetingAction:
    action = MeetingAction.objects.filter(meeting=meeting, pk=pk).select_related("meeting").first()
    if action is None:
        raise Http404
    return action


def papers_get(*, meeting: Meeting, pk: int) -> MeetingPapers:
    papers = MeetingPapers.objects.filter(meeting=meeting, pk=pk).first()
    if papers is None:
        raise Http404
    return papers


def latest_papers(meeting: Meeting) -> MeetingPapers | None:
    return MeetingPapers.objects.filter(meeting=meeting).order_by("-requested_at", "-id").first()


def later_meetings(meeting: Meeting) -> "QuerySet[Meeting]":
    """Meetings after this one, where its minutes may be approved."""
    return Meeting.objects.filter(held_on__gt=meeting.held_on).exclude(status="cancelled").order_by("held_on")


@dataclass(frozen=True)
class DecidedAt:
    meeting: Meeting
    decisions: list[MeetingDecision]


def decided_at(*, rapid_review: RapidReview | None = None, review: Review | None = None) -> list[DecidedAt]:
    """The meetings where decisions on the record were minuted, oldest first, with those decisions."""
    if rapid_review is not None:
        rows = MeetingDecision.objects.filter(rapid_review=rapid_review)
    elif review is not None:
        rows = MeetingDecision.objects.filter(review=review)
    else:
        return []
    found: dict[int, DecidedAt] = {}
    for decision in rows.select_related("item__meeting").order_by(
        "item__meeting__held_on", "recorded_at", "id"
    ):
        meeting = decision.item.meeting
        found.setdefault(meeting.pk, DecidedAt(meeting, [])).decisions.append(decision)
    return list(found.values())


def minutes_context(*, user: User, meeting: Meeting) -> dict[str, Any]:
    """What the minutes show (the page and the meeting page's panel) and what the user may do."""
    can_minute = bool(permissions.can_minute_meetings(user))
    closed = minutes.refusal(meeting)
    return {
        "meeting": meeting,
        "items": list(items_of(meeting)),
        "actions": list(actions_of(meeting)),
        "amendments": list(meeting.amendments.select_related("made_by")),
        "can_edit": can_minute and not closed,
        "not_yet": can_minute and closed == minutes.NOT_YET_HELD,
        "can_amend": can_minute and meeting.minutes_approved,
        "can_approve": bool(permissions.can_approve_minutes(user)) and not closed,
        "can_complete": can_minute,
        "user_id": user.pk,
    }
