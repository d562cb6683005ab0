"""Writes to CRAG's meetings: the meeting itself, its invitees and their attendance, and its agenda
(issue 19). CRAG runs meetings; an invited member only reads them.

A meeting's `uid` and `sequence` are its iCalendar identity. Moving it (date, time or place) or
cancelling it raises the sequence, and every invitee whose last invitation is behind it is sent
one again by the notifications layer's sweep: the database is the record of that work.
"""

from collections.abc import Mapping, Sequence
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from crag import permissions
from crag.models import Agency, User
from reviews.choices import AgendaItemKind, Attendance, MeetingStatus
from reviews.editing import versions
from reviews.models import AgendaItem, Meeting, MeetingMember, RapidReview, Referral, Review

# The fields whose change invitees' calendars must hear of (the invitation is sent again).
MOVING_FIELDS = ("held_on", "starts_at", "ends_at", "place", "link")
EDITABLE_FIELDS = ("title", *MOVING_FIELDS)


def _require_planned(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled.")


def _require_where(meeting: Meeting) -> None:
    if not meeting.place.strip() and not meeting.link.strip():
        raise ValidationError({"place": "Enter a place, an online meeting link, or both."})


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    held_on: date,
    starts_at: time,
    ends_at: time | None = None,
    place: str = "",
    link: str = "",
    title: str = "CRAG meeting",
    invitees: Sequence[User] = (),
) -> Meeting:
    """Plan a meeting and invite people to it (their invitations go out with the next sweep)."""
    permissions.require(permissions.can_manage_meetings(actor))
    meeting = Meeting(
        title=title.strip() or "CRAG meeting",
        held_on=held_on,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        link=link.strip(),
        created_by=actor,
    )
    _require_where(meeting)
    meeting.full_clean()
    meeting.save()
    for user in dict.fromkeys(invitees):
        MeetingMember.objects.create(meeting=meeting, user=user)
    return meeting


@transaction.atomic
def meeting_update(*, actor: User, meeting: Meeting, version: int | None = None, **fields: Any) -> Meeting:
    """Correct a meeting's title, date, times or place. Moving it raises its sequence (same uid),
    so each invitee's calendar is sent the updated invitation."""
    permissions.require(permissions.can_manage_meetings(actor))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"meeting_update: not editable: {sorted(unknown)}")
    versions.claim(meeting, version)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_planned(meeting)
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError("This meeting has been held: its details are the record of it.")
    moved = False
    for name, value in fields.items():
        value = value.strip() if isinstance(value, str) else value
        if name == "title":
            value = value or "CRAG meeting"
        if name in MOVING_FIELDS and getattr(meeting, name) != value:
            moved = True
        setattr(meeting, name, value)
    _require_where(meeting)
    if moved:
        meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting) -> Meeting:
    """Cancel a planned meeting: each invitee's calendar is sent the cancellation."""
    permissions.require(permissions.can_manage_meetings(actor))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(
            f"Only a planned meeting can be cancelled; this one is {meeting.get_status_display().lower()}."
        )
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.version += 1
    meeting.full_clean()
    meeting.save()
    return meeting


def _before_the_meeting(meeting: Meeting, what: str) -> None:
    _require_planned(meeting)
    if meeting.status == MeetingStatus.HELD or meeting.held_on < timezone.localdate():
        raise ValidationError(f"Invitees can only be {what} before the meeting.")


@transaction.atomic
def member_add(*, actor: User, meeting: Meeting, user: User) -> MeetingMember:
    """Invite one more person (their invitation goes out with the next sweep)."""
    permissions.require(permissions.can_manage_meetings(actor))
    _before_the_meeting(meeting, "added")
    if not user.is_active:
        raise ValidationError({"user": f"{user} cannot sign in, so cannot be invited."})
    if MeetingMember.objects.filter(meeting=meeting, user=user).exists():
        raise ValidationError({"user": f"{user} is already invited."})
    return MeetingMember.objects.create(meeting=meeting, user=user)


@transaction.atomic
def member_remove(*, actor: User, meeting: Meeting, member: MeetingMember) -> None:
    """Withdraw an invitation, before the meeting."""
    permissions.require(permissions.can_manage_meetings(actor))
    if member.meeting_id != meeting.pk:
        raise ValidationError("That person is not invited to this meeting.")
    _before_the_meeting(meeting, "removed")
    member.delete()


@transaction.atomic
def attendance_record(*, actor: User, meeting: Meeting, attendance: Mapping[User, str]) -> Meeting:
    """Record who attended, sent apologies or was absent; the meeting is then held. Not before
    the day of the meeting, and not for a cancelled one."""
    permissions.require(permissions.can_manage_meetings(actor))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_planned(meeting)
    if meeting.held_on > timezone.localdate():
        raise ValidationError("Attendance can be recorded from the day of the meeting.")
    members = {m.user_id: m for m in meeting.members.all()}
    for user, value in attendance.items():
        if value not in Attendance.values:
            raise ValidationError(f"Choose whether {user} attended.")
        member = members.get(user.pk)
        if member is None:
            raise ValidationError(f"{user} was not invited to this meeting.")
        if member.attendance != value:
            member.attendance = value
            member.save(update_fields=["attendance"])
    if any(m.attendance == Attendance.ATTENDED for m in members.values()):
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status", "updated_at"])
    return meeting


def next_number(meeting: Meeting) -> int:
    """The number after the agenda's last (call with the meeting's row locked)."""
    return (AgendaItem.objects.filter(meeting=meeting).aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def agenda_item_add(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    kind: str = AgendaItemKind.OTHER,
    summary: str = "",
    referral: Referral | None = None,
    rapid_review: RapidReview | None = None,
    review: Review | None = None,
    agency: Agency | None = None,
    drafted: bool = False,
) -> AgendaItem:
    """Add an item after the agenda's last, numbered one at a time."""
    permissions.require(permissions.can_manage_meetings(actor))
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_planned(meeting)
    item = AgendaItem(
        meeting=meeting,
        number=next_number(meeting),
        kind=kind,
        title=title.strip(),
        summary=summary.strip(),
        referral=referral,
        rapid_review=rapid_review,
        review=review,
        agency=agency,
        drafted=drafted,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_remove(*, actor: User, meeting: Meeting, item: AgendaItem) -> None:
    """Take an item off the agenda (before anything is minuted under it); the items after it
    move up, so the agenda stays numbered 1, 2, 3."""
    permissions.require(permissions.can_manage_meetings(actor))
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    if item.meeting_id != meeting.pk:
        raise ValidationError("That item is not on this meeting's agenda.")
    if item.discussion.strip() or item.decisions.exists() or item.actions.exists():
        raise ValidationError("Something is minuted under this item, so it stays on the agenda.")
    number = item.number
    item.delete()
    later = AgendaItem.objects.filter(meeting=meeting, number__gt=number).order_by("number")
    for moved in later:  # one at a time, in order, so the unique number never collides
        AgendaItem.objects.filter(pk=moved.pk).update(number=F("number") - 1)
