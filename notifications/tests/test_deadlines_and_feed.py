"""The deadlines page and the personal calendar feed."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from conftest import queries_for
from crag import roles
from notifications.models import CalendarFeed
from notifications.receivers import deadlines_changed
from reviews.incidents import services as domain


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


def record(chair, aware, pseudonym):
    child = domain.child_create(actor=chair, pseudonym=pseudonym, legal_name=f"Secret {pseudonym}")
    return domain.incident_create(
        actor=chair,
        kind="serious_harm",
        incident_date=aware,
        aware_date=aware,
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[child],
    )


def test_deadlines_are_listed_soonest_first_with_filters(client, chair, sign_in):
    old = record(chair, date(2025, 1, 6), "Child Old")
    new = record(chair, timezone.localdate(), "Child New")
    sign_in(client, chair)

    page = client.get("/deadlines/")
    titles = [d.title for d, _ in page.context["page"].object_list]
    assert titles[0].startswith("Inform the safeguarding partners") or titles[0].startswith(
        "Notify the Panel"
    )
    assert old.reference in titles[0]
    assert any(new.reference in t for t in titles)

    overdue = client.get("/deadlines/", {"state": "overdue", "clock": "panel_notification"})
    rows = overdue.context["page"].object_list
    assert [(d.subject_id, r.state) for d, r in rows] == [(old.pk, "overdue")]


def test_deadlines_csv_is_exported_and_recorded(client, chair, sign_in):
    from crag.models import AuditEvent

    record(chair, timezone.localdate(), "Child C")
    sign_in(client, chair)
    response = client.get("/deadlines/", {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0] == "deadline,due,where it stands"
    assert AuditEvent.objects.filter(kind="export", actor=chair).exists()


def test_roles_without_crag_work_see_no_deadlines(client, chair, make_user, sign_in):
    record(chair, timezone.localdate(), "Child C")
    sign_in(client, make_user(roles.BOARD_MEMBER))
    page = client.get("/deadlines/")
    assert list(page.context["page"].object_list) == []
    assert "No open deadlines" in page.content.decode()


def test_deadlines_page_query_count_stays_flat(client, chair, sign_in):
    sign_in(client, chair)
    record(chair, timezone.localdate(), "Child 0")
    client.get("/deadlines/")
    few = queries_for(client, "/deadlines/")  # the computed clocks shared from the cache
    deadlines_changed()
    computing_few = queries_for(client, "/deadlines/")  # computed afresh
    for i in range(1, 20):
        record(chair, timezone.localdate(), f"Child {i}")
    assert queries_for(client, "/deadlines/") == computing_few
    assert queries_for(client, "/deadlines/") == few


def test_a_change_shows_on_the_deadlines_page_at_once(client, chair, sign_in):
    sign_in(client, chair)
    incident = record(chair, timezone.localdate(), "Child N")
    assert "Notify the Panel: " in client.get("/deadlines/?clock=panel_notification").content.decode()
    domain.incident_record_notifications(
        actor=chair, incident=incident, dates={"panel_notified_on": timezone.localdate()}
    )
    assert "Notify the Panel: " not in client.get("/deadlines/?clock=panel_notification").content.decode()


def test_the_calendar_feed_lists_deadlines_without_any_identity(client, chair, sign_in):
    incident = record(chair, timezone.localdate(), "Child F")
    sign_in(client, chair)
    client.get("/deadlines/")
    token = CalendarFeed.objects.get(user=chair).token

    response = client.__class__().get(f"/calendar/{token}.ics")  # a calendar program: no session

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("incident-")]
    assert len(events) == 3
    summaries = " ".join(str(e["SUMMARY"]) for e in events)
    assert incident.reference in summaries
    assert "Child F" in summaries
    assert "Secret" not in response.content.decode()
    assert {str(e["UID"]) for e in events} == {
        f"incident-{incident.pk}-{key}@crag"
        for key in ("panel_notification", "partnership_informed", "rapid_review")
    }


def test_regenerating_the_address_stops_the_old_one(client, chair, sign_in):
    sign_in(client, chair)
    client.get("/deadlines/")
    old = CalendarFeed.objects.get(user=chair).token
    client.post("/deadlines/calendar/regenerate/")
    new = CalendarFeed.objects.get(user=chair).token
    anonymous = client.__class__()
    assert new != old
    assert anonymous.get(f"/calendar/{old}.ics").status_code == 404
    assert anonymous.get(f"/calendar/{new}.ics").status_code == 200


def test_a_deactivated_users_feed_stops(client, chair, sign_in):
    sign_in(client, chair)
    client.get("/deadlines/")
    token = CalendarFeed.objects.get(user=chair).token
    chair.is_active = False
    chair.save()
    assert client.__class__().get(f"/calendar/{token}.ics").status_code == 404


@pytest.mark.parametrize("days", [-400, -3, -1, 0, 1, 2, 7, 40])
def test_the_page_filters_by_the_same_state_the_clock_reads(days):
    """The deadlines page filters open clocks by state before reading them: the same answer."""
    from notifications.calendar import NO_OVERRIDES
    from reviews.clocks import Clock, open_state, read_clock

    today = date(2026, 12, 24)
    due = today + timedelta(days=days)
    assert (
        open_state(due, today) == read_clock(Clock("x", "X", due), today=today, overrides=NO_OVERRIDES).state
    )


def test_pages_of_deadlines_merge_computed_clocks_with_actions_read_a_page_at_a_time(chair, sign_in, client):
    """Every page is the same slice of the whole ordered list, whichever way it is read."""
    from crag.tests.factories import AgencyFactory
    from notifications import feeds
    from reviews.actions import services as action_plans
    from reviews.clocks import Day
    from reviews.models import Review

    today = timezone.localdate()
    for i in range(6):
        record(chair, today - timedelta(days=3 * i), f"Child {i}")
    review = Review.objects.create(kind="local", title="Child R", decision_on=today - timedelta(days=30))
    recommendation = action_plans.recommendation_create(actor=chair, review=review, text="x", agencies=[])
    agency = AgencyFactory()
    for i in range(70):
        action_plans.action_create(
            actor=chair,
            recommendation=recommendation,
            description=f"Action {i}",
            owner_agency=agency,
            due_on=today + timedelta(days=(i % 25) - 10),
        )
    everything = feeds.deadlines_for(chair)
    assert [feeds.order(d) for d in everything] == sorted(feeds.order(d) for d in everything)
    day = Day(today)
    lazy = feeds.Deadlines(*feeds.deadline_sources(chair, day), day)
    assert len(lazy) == len(everything)
    assert lazy[0:50] + lazy[50:100] + lazy[100:] == everything
    assert lazy[7] == everything[7]
    sign_in(client, chair)
    second = client.get("/deadlines/?page=2").context["page"].object_list
    assert [d for d, _ in second] == everything[50:100]
    overdue = client.get("/deadlines/?state=overdue").context["page"].object_list
    assert overdue
    assert all(reading.state == "overdue" for _, reading in overdue)
    actions_only = client.get("/deadlines/?clock=action_due").context["page"].paginator.count
    assert actions_only == 70
