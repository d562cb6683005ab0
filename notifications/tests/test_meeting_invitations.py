"""Meeting invitations: the sweep sends each invitee an iCalendar REQUEST, sends it again with a
higher SEQUENCE (the same UID) when the meeting moves, a CANCEL when it is cancelled, and nothing
to someone already up to date; the calendar feed lists the meeting as the same event."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from icalendar import Calendar

from crag import roles
from crag.tests.factories import AgencyFactory, UserFactory
from notifications import feeds, invitations, tasks
from reviews.meetings import services

pytestmark = pytest.mark.django_db
TODAY = date(2025, 3, 3)
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def meeting():
    with time_machine.travel(TODAY):
        chair = UserFactory(email="chair@crag.test", roles=[roles.CRAG_CHAIR])
        police = UserFactory(email="police@crag.test", agency=AgencyFactory(name="Police"))
        return services.meeting_create(
            actor=chair,
            held_on=date(2025, 3, 31),  # British Summer Time from 30 March
            starts_at=time(10, 0),
            ends_at=time(12, 0),
            place="Room 2, County Hall",
            invitees=[chair, police],
        )


@pytest.fixture(autouse=True)
def worker(monkeypatch):
    """The sweep task as beat runs it, with the mail worker's sends run at once (no broker)."""
    queues = []

    def send_now(args, queue):
        queues.append(queue)
        tasks.send_invitation(*args)

    monkeypatch.setattr(tasks.send_reminder, "delay", lambda pk: None)
    monkeypatch.setattr(tasks.send_invitation, "apply_async", send_now)
    return queues


def sent_events():
    """Each message's calendar: (to, METHOD, its one VEVENT)."""
    found = []
    for message in mail.outbox:
        [(_name, content, mimetype)] = message.attachments
        assert mimetype.startswith("text/calendar")
        calendar = Calendar.from_ical(content)
        [event] = calendar.walk("VEVENT")
        found.append((message.to[0], str(calendar["method"]), event))
    return found


@time_machine.travel(TODAY)
def test_the_sweep_sends_each_invitee_a_request_once(meeting, worker):
    tasks.sweep_deadlines()
    assert worker == ["mail", "mail"]
    events = sent_events()
    assert sorted(to for to, _, _ in events) == ["chair@crag.test", "police@crag.test"]
    for _, method, event in events:
        assert method == "REQUEST"
        assert str(event["uid"]) == f"{meeting.uid}@crag"
        assert int(event["sequence"]) == 0
        assert event.decoded("dtstart") == datetime(2025, 3, 31, 10, 0, tzinfo=LONDON)
        assert event["dtstart"].params["TZID"] == "Europe/London"
        assert event.decoded("dtend") == datetime(2025, 3, 31, 12, 0, tzinfo=LONDON)
        assert str(event["location"]) == "Room 2, County Hall"
        assert str(event["organizer"]).startswith("mailto:")
    tasks.sweep_deadlines()
    assert len(mail.outbox) == 2  # up to date: nothing again
    assert set(meeting.members.values_list("invitation_sequence", flat=True)) == {0}


@time_machine.travel(TODAY)
def test_moving_the_meeting_sends_the_same_uid_with_a_higher_sequence(meeting):
    tasks.sweep_deadlines()
    mail.outbox.clear()
    services.meeting_update(
        actor=meeting.created_by,
        meeting=meeting,
        version=meeting.version,
        starts_at=time(14, 0),
        ends_at=None,
    )
    tasks.sweep_deadlines()
    events = sent_events()
    assert len(events) == 2
    for _, method, event in events:
        assert method == "REQUEST"
        assert str(event["uid"]) == f"{meeting.uid}@crag"
        assert int(event["sequence"]) == 1
        assert event.decoded("dtstart") == datetime(2025, 3, 31, 14, 0, tzinfo=LONDON)
    assert "moved" in mail.outbox[0].body
    assert set(meeting.members.values_list("invitation_sequence", flat=True)) == {1}


@time_machine.travel(TODAY)
def test_cancelling_sends_a_cancel(meeting):
    tasks.sweep_deadlines()
    mail.outbox.clear()
    services.meeting_cancel(actor=meeting.created_by, meeting=meeting)
    tasks.sweep_deadlines()
    events = sent_events()
    assert len(events) == 2
    for _, method, event in events:
        assert method == "CANCEL"
        assert str(event["status"]) == "CANCELLED"
        assert int(event["sequence"]) == 1
        assert str(event["uid"]) == f"{meeting.uid}@crag"
    assert mail.outbox[0].subject.startswith("Cancelled:")


@time_machine.travel(TODAY)
def test_a_meeting_cancelled_before_any_invitation_went_sends_nothing(meeting):
    services.meeting_cancel(actor=meeting.created_by, meeting=meeting)
    tasks.sweep_deadlines()
    assert mail.outbox == []


@time_machine.travel(TODAY)
def test_a_claimed_invitation_is_not_sent_twice_and_a_failed_send_is_released(meeting, monkeypatch):
    member = meeting.members.first()
    assert invitations.send_invitation(member_id=member.pk)
    assert not invitations.send_invitation(member_id=member.pk)  # up to date
    services.meeting_update(
        actor=meeting.created_by, meeting=meeting, version=meeting.version, place="Room 3"
    )

    def refuse(*args, **kwargs):
        raise OSError("mail server away")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert not invitations.send_invitation(member_id=member.pk)
    member.refresh_from_db()
    assert member.invitation_sequence == 0
    assert member.pk in invitations.invitations_to_queue(today=TODAY)  # the next sweep tries again


@time_machine.travel(TODAY)
def test_the_calendar_feed_lists_the_meeting_with_the_same_uid_and_sequence(meeting, sign_in):
    police = meeting.members.get(user__email="police@crag.test").user
    services.meeting_update(
        actor=meeting.created_by, meeting=meeting, version=meeting.version, place="Room 3"
    )
    token = feeds.feed_for(police).token
    calendar = Calendar.from_ical(Client().get(f"/calendar/{token}.ics").content)
    [event] = [e for e in calendar.walk("VEVENT") if str(e["uid"]) == f"{meeting.uid}@crag"]
    assert int(event["sequence"]) == 1
    assert str(event["location"]) == "Room 3"
    stranger = UserFactory(roles=[roles.CRAG_MEMBER])
    other = Calendar.from_ical(Client().get(f"/calendar/{feeds.feed_for(stranger).token}.ics").content)
    assert all(str(e["uid"]) != f"{meeting.uid}@crag" for e in other.walk("VEVENT"))
