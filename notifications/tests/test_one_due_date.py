"""With a calendar override in place, every reader of a clock gives the same due date and the same
count of working days: the incident, Rapid Review and review pages, the dashboard, the deadlines
page, the calendar feed and the `deadlines` command."""

import json
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from icalendar import Calendar

from crag import roles
from notifications.models import CalendarFeed, CalendarOverride
from reviews.incidents import rapid_reviews
from reviews.incidents import services as domain
from reviews.models import Review

MON_2_MARCH = date(2026, 3, 2)
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def world(make_user):
    """Aware Monday 2 March 2026 with Wednesday 4 March made a holiday: the Panel is due on Tuesday
    10 March, 5 working days ahead (not Monday 9 March, and not 6 working days)."""
    CalendarOverride.objects.create(date=date(2026, 3, 4), kind="holiday", reason="Proclaimed holiday")
    chair = make_user(roles.CRAG_CHAIR)
    child = domain.child_create(actor=chair, pseudonym="Child O")
    incident = domain.incident_create(
        actor=chair,
        kind="death",
        incident_date=MON_2_MARCH,
        aware_date=MON_2_MARCH,
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[child],
    )
    rapid_review = rapid_reviews.rapid_review_open(actor=chair, incident=incident)
    # Published on Friday 13 March: the notices are due 7 working days before, Tuesday 3 March.
    review = Review.objects.create(
        kind="cspr", title="Child P", decision_on=date(2026, 1, 5), planned_publication_on=date(2026, 3, 13)
    )
    return {"chair": chair, "incident": incident, "rapid_review": rapid_review, "review": review}


def seen(reading) -> tuple[date, int]:
    return reading.clock.due, reading.working_days


@pytest.fixture
def on_monday():
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=LONDON), tick=False):
        yield


def test_every_reader_gives_the_same_due_date_and_working_days(client, sign_in, world, on_monday):
    sign_in(client, world["chair"])
    incident, review = world["incident"], world["review"]

    on_incident = {r.clock.key: seen(r) for r in client.get(f"/incidents/{incident.pk}/").context["readings"]}
    assert on_incident["panel_notification"] == (date(2026, 3, 10), 5)
    on_rapid_review = seen(client.get(f"/incidents/{incident.pk}/rapid-review/").context["reading"])
    on_review = {r.clock.key: seen(r) for r in client.get(f"/reviews/{review.pk}/").context["readings"]}
    assert on_review["pre_publication_notice"] == (date(2026, 3, 3), 1)

    dashboard = {
        item.url: seen(item.reading)
        for panel in client.get("/").context["panels"]
        for item in panel.items
        if item.reading is not None
    }
    listed = {
        (d.clock.key, d.subject_type): seen(r)
        for d, r in client.get("/deadlines/").context["page"].object_list
    }
    out = StringIO()
    call_command("deadlines", "--format", "json", stdout=out)
    command = {(row["clock"], row["subject"]): row["due"] for row in json.loads(out.getvalue())}
    token = CalendarFeed.objects.get(user=world["chair"]).token
    feed = Calendar.from_ical(client.get(f"/calendar/{token}.ics").content)
    in_feed = {str(e["UID"]).split("@")[0]: e.decoded("DTSTART") for e in feed.walk("VEVENT")}

    panel = on_incident["panel_notification"]
    assert dashboard[f"/incidents/{incident.pk}/"] == panel
    assert listed[("panel_notification", "incident")] == panel
    assert command[("panel_notification", "incident")] == panel[0].isoformat()
    assert in_feed[f"incident-{incident.pk}-panel_notification"] == panel[0]

    rapid = on_incident["rapid_review"]
    assert on_rapid_review == rapid
    assert dashboard[f"/incidents/{incident.pk}/rapid-review/"] == rapid
    assert listed[("rapid_review", "rapid_review")] == rapid
    assert command[("rapid_review", "rapid_review")] == rapid[0].isoformat()

    notices = on_review["pre_publication_notice"]
    assert listed[("pre_publication_notice", "review")] == notices
    assert command[("pre_publication_notice", "review")] == notices[0].isoformat()
    assert in_feed[f"review-{review.pk}-pre_publication_notice"] == notices[0]
