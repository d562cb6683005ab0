"""What a user does with their notifications and calendar address leaves an audit entry: who,
when, what (issue 12, 5i). A new calendar address is a new key to the user's deadlines; marking
a reminder read says it was seen."""

from datetime import UTC, date, datetime

import pytest
from auditlog.models import LogEntry
from django.test import Client

from crag import roles
from notifications.models import CalendarFeed, Reminder


@pytest.fixture
def member(make_user):
    return make_user(roles.CRAG_MEMBER)


@pytest.fixture
def client(member, sign_in):
    return sign_in(Client(), member)


def remind(user, n):
    return Reminder.objects.create(
        subject_type="incident",
        subject_id=n,
        clock="panel_notification",
        stage="recorded",
        recipient=user,
        due_on=date(2026, 12, 9),
        title=f"Notify the Panel: INC-2026-00{n}",
        url=f"/incidents/{n}/",
    )


def entries(instance):
    return list(LogEntry.objects.get_for_object(instance).order_by("pk"))


def test_regenerating_the_calendar_address_leaves_an_entry_without_the_secret(client, member):
    client.get("/deadlines/")
    old = CalendarFeed.objects.get(user=member).token

    response = client.post("/deadlines/calendar/regenerate/")

    feed = CalendarFeed.objects.get(user=member)
    assert response.status_code == 302
    assert feed.token != old
    made, changed = entries(feed)
    assert made.action == LogEntry.Action.CREATE  # the address, made on first use
    assert (changed.action, changed.actor, changed.object_repr) == (
        LogEntry.Action.UPDATE,
        member,
        f"Calendar feed of {member}",
    )
    assert changed.cid  # the request id
    assert changed.changes_dict["token"] == ["(hidden)", "(hidden)"]
    for entry in (made, changed):
        assert old not in str(entry.changes)
        assert feed.token not in str(entry.changes)


def test_marking_a_reminder_read_leaves_one_entry_naming_who_and_when(client, member):
    reminder = remind(member, 1)

    client.post(f"/notifications/{reminder.pk}/read/")
    client.post(f"/notifications/{reminder.pk}/read/")  # already read: nothing changes

    reminder.refresh_from_db()
    [entry] = entries(reminder)
    assert (entry.action, entry.actor, entry.object_repr) == (
        LogEntry.Action.UPDATE,
        member,
        "Notify the Panel: INC-2026-001",
    )
    [before, after] = entry.changes_dict["read_at"]
    assert before is None
    assert datetime.fromisoformat(after).replace(tzinfo=UTC) == reminder.read_at
    assert entry.cid


def test_marking_all_read_leaves_one_entry_for_each_reminder_it_marked(client, member, make_user):
    unread = [remind(member, n) for n in (1, 2, 3)]
    already = remind(member, 4)
    client.post(f"/notifications/{already.pk}/read/")
    someone_elses = remind(make_user(roles.CRAG_CHAIR), 5)

    response = client.post("/notifications/read-all/")

    assert response.status_code == 302
    for reminder in unread:
        [entry] = entries(reminder)
        assert (entry.action, entry.actor) == (LogEntry.Action.UPDATE, member)
        assert entry.cid
        assert set(entry.changes_dict) == {"read_at"}
    assert len(entries(already)) == 1
    assert entries(someone_elses) == []
    assert not Reminder.objects.filter(recipient=member, read_at=None).exists()
