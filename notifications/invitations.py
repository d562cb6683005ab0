"""CRAG meeting invitations: an email with an iCalendar attachment (RFC 5545/5546) to each
invitee whose last invitation is behind the meeting's sequence, and the same event in their
calendar feed. METHOD:REQUEST invites or updates (same UID, higher SEQUENCE); a cancelled meeting
sends METHOD:CANCEL with STATUS:CANCELLED.

The database is the record of the work, as for reminders: MeetingMember.invitation_sequence is
the sequence last sent (-1: never). The sweep queues members behind; the mail worker claims one
with a conditional update (invitation_sent_at set to the claim's time), sends, then marks it
sent (the sequence it sent). A failure releases the claim; a worker that died leaves a claim
older than CRAG_REMINDER_CLAIM_STALE_AFTER, which the next sweep sends again with the same
Message-ID. Moving the meeting again (its updated_at later than the last send) makes the member
claimable at once."""

import logging
from datetime import date, datetime, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from reviews.choices import MeetingStatus
from reviews.models import Meeting, MeetingMember

logger = logging.getLogger(__name__)
LONDON = ZoneInfo("Europe/London")
MIMETYPE = "text/calendar"


def _organizer() -> vCalAddress:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(name or "CRAG")
    return organizer


def meeting_event(meeting: Meeting, *, now: datetime, attendee: str = "") -> Event:
    """The meeting as one VEVENT: its uid and sequence, London times, the place or the link."""
    start = datetime.combine(meeting.held_on, meeting.starts_at, tzinfo=LONDON)
    event = Event()
    event.add("uid", f"{meeting.uid}@crag")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", now)
    event.add("dtstart", start)
    if meeting.ends_at is not None:
        event.add("dtend", datetime.combine(meeting.held_on, meeting.ends_at, tzinfo=LONDON))
    event.add("summary", meeting.title)
    event.add("location", meeting.place or meeting.link)
    if meeting.link:
        event.add("description", f"Online: {meeting.link}")
    event.add("url", f"{settings.CRAG_BASE_URL}{reverse('reviews:meeting_detail', args=[meeting.pk])}")
    event["organizer"] = _organizer()
    cancelled = meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if attendee:
        person = vCalAddress(f"mailto:{attendee}")
        person.params["role"] = vText("REQ-PARTICIPANT")
        person.params["partstat"] = vText("NEEDS-ACTION")
        event.add("attendee", person, encode=False)
    return event


def ics(meeting: Meeting, *, attendee: str, now: datetime) -> bytes:
    """The attachment: METHOD:REQUEST, or METHOD:CANCEL for a cancelled meeting."""
    calendar = Calendar()
    calendar.add("prodid", "-//CRAG//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if meeting.status == MeetingStatus.CANCELLED else "REQUEST")
    calendar.add_component(meeting_event(meeting, now=now, attendee=attendee))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def _behind(today: date) -> "QuerySet[MeetingMember]":
    """Members whose calendar is behind a meeting not yet past; a cancellation only to those
    who were sent the invitation."""
    return (
        MeetingMember.objects.filter(
            invitation_sequence__lt=F("meeting__sequence"), meeting__held_on__gte=today
        )
        .exclude(meeting__status=MeetingStatus.CANCELLED, invitation_sequence=-1)
        .exclude(meeting__status=MeetingStatus.HELD)
    )


def _claimable(now: datetime) -> Q:
    """Not claimed, or claimed (or last sent) before the meeting last changed, or a dead claim."""
    stale = now - settings.CRAG_REMINDER_CLAIM_STALE_AFTER
    return (
        Q(invitation_sent_at__isnull=True)
        | Q(invitation_sent_at__lt=F("meeting__updated_at"))
        | Q(invitation_sent_at__lt=stale)
    )


def invitations_to_queue(*, today: date) -> list[int]:
    """The members to send an invitation now (the sweep hands their ids to the mail worker)."""
    found = _behind(today).filter(_claimable(timezone.now()))
    return list(found.order_by("meeting_id", "id").values_list("id", flat=True)[:5000])


def _email(member: MeetingMember, now: datetime) -> EmailMessage:
    meeting = member.meeting
    cancelled = meeting.status == MeetingStatus.CANCELLED
    context = {
        "meeting": meeting,
        "cancelled": cancelled,
        "updated": member.invitation_sequence >= 0,
        "base_url": settings.CRAG_BASE_URL,
        "url": reverse("reviews:meeting_detail", args=[meeting.pk]),
    }
    when = f"{meeting.held_on:%-d %B %Y}, {meeting.starts_at:%H:%M}"
    prefix = "Cancelled" if cancelled else ("Updated invitation" if context["updated"] else "Invitation")
    message = EmailMessage(
        subject=f"{prefix}: {meeting.title}, {when}",
        body=render_to_string("emails/meeting_invitation.txt", context),
        to=[member.user.email],
        headers={"Message-ID": f"<meeting-{meeting.uid}-{meeting.sequence}-{member.pk}@crag>"},
    )
    name = "cancel.ics" if cancelled else "invite.ics"
    message.attach(name, ics(meeting, attendee=member.user.email, now=now), MIMETYPE)
    return message


def send_invitation(*, member_id: int) -> bool:
    """Send one member the meeting as it now stands, at least once. Returns whether it sent."""
    now = timezone.now()
    mine = _behind(date.min).filter(pk=member_id)
    previous = mine.values_list("invitation_sent_at", flat=True).first()
    if mine.filter(_claimable(now)).update(invitation_sent_at=now) != 1:
        return False
    claimed = MeetingMember.objects.filter(pk=member_id, invitation_sent_at=now)
    try:
        member = MeetingMember.objects.select_related("meeting", "user").get(pk=member_id)
        sequence = member.meeting.sequence
        _email(member, now).send()
    except Exception:
        claimed.update(invitation_sent_at=previous)
        logger.warning(
            "meeting invitation %s: not sent, released for the next sweep", member_id, exc_info=True
        )
        return False
    # Marked with the claim's time: a move made while this was sending is later, so the member
    # is claimable again at once for the newer sequence.
    claimed.update(invitation_sequence=sequence)
    return True


def meeting_events(user_id: int, *, now: datetime) -> list[Event]:
    """The user's meetings for their calendar feed (a year back and on), as the invitations."""
    since = timezone.localdate(now) - timedelta(days=365)
    meetings = Meeting.objects.filter(members__user_id=user_id, held_on__gte=since).order_by("held_on", "id")
    return [meeting_event(meeting, now=now) for meeting in meetings]
