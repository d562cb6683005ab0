"""Reads of CRAG's meetings that depend on who asks: CRAG sees every meeting, anyone else the
meetings they are invited to; a meeting out of scope is 404."""

from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from crag.models import User
from reviews.choices import MeetingStatus
from reviews.models import AgendaItem, Meeting, MeetingMember

MEETING_SORTS = {
    "date": ("held_on", "starts_at", "id"),
    "-date": ("-held_on", "-starts_at", "-id"),
}


def _members() -> "Prefetch[Any]":
    return Prefetch("members", queryset=MeetingMember.objects.select_related("user__agency"))


def meeting_list(*, user: User, filters: dict[str, Any], today: date) -> QuerySet[Meeting]:
    """The meetings the user may see, with their invitees (for the quorum) and agenda count.
    `when`: "upcoming" (today on, soonest first) or "past" (latest first); else all, latest first."""
    meetings = (
        Meeting.objects.restrict(user, "view")
        .annotate(item_count=Count("items", distinct=True))
        .prefetch_related(_members())
    )
    when = filters.get("when") or ""
    if when == "upcoming":
        meetings = meetings.filter(held_on__gte=today).exclude(status=MeetingStatus.HELD)
        default = "date"
    elif when == "past":
        meetings = meetings.filter(Q(held_on__lt=today) | Q(status=MeetingStatus.HELD))
        default = "-date"
    else:
        default = "-date"
    return meetings.order_by(*MEETING_SORTS.get(filters.get("sort") or default, MEETING_SORTS[default]))


def meeting_get(*, user: User, pk: int) -> Meeting:
    """One meeting with its invitees and agenda, or 404 when the user may not see it."""
    meeting = (
        Meeting.objects.restrict(user, "view")
        .select_related("created_by")
        .prefetch_related(
            _members(),
            Prefetch(
                "items",
                queryset=AgendaItem.objects.select_related(
                    "referral", "rapid_review__incident", "review", "agency"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def next_meeting(*, user: User, today: date) -> Meeting | None:
    """The next planned meeting the user may see (today's included), with its invitees."""
    return (
        meeting_list(user=user, filters={"when": "upcoming"}, today=today)
        .filter(status=MeetingStatus.PLANNED)
        .first()
    )


def member_of(meeting: Meeting, user: User) -> MeetingMember | None:
    """The user's invitation to the meeting (from its prefetched members), if they have one."""
    return next((m for m in meeting.members.all() if m.user_id == user.pk), None)
