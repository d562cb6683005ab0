"""Reminders follow the record: a moved due date, a clock that stops applying, a clock first seen
overdue, and the words of the email (plain text, the real recipients, the day named)."""

from datetime import date

import pytest
from django.core import mail

from crag import roles
from crag.tests.factories import AgencyFactory
from notifications import services
from notifications.models import Reminder
from reviews.actions import services as action_plans
from reviews.incidents import services as domain
from reviews.models import Review

MON_2_MARCH = date(2026, 3, 2)
WED_4_MARCH = date(2026, 3, 4)


@pytest.fixture
def people(make_user):
    return {
        "chair": make_user(roles.CRAG_CHAIR),
        "member": make_user(roles.CRAG_MEMBER),
        "admin": make_user(roles.PARTNERSHIP_ADMIN),
    }


def record(actor, aware: date, *, kind: str = "death", suspected: bool = True):
    child = domain.child_create(actor=actor, pseudonym="Child R")
    return domain.incident_create(
        actor=actor,
        kind=kind,
        incident_date=aware,
        aware_date=aware,
        location="in_area",
        abuse_or_neglect_suspected=suspected,
        children=[child],
    )


def correct(actor, incident, **changes):
    fields = {
        "kind": incident.kind,
        "incident_date": incident.incident_date,
        "aware_date": incident.aware_date,
        "location": incident.location,
        "abuse_or_neglect_suspected": incident.abuse_or_neglect_suspected,
        "children": list(incident.children.all()),
    }
    return domain.incident_update(actor=actor, incident=incident, **(fields | changes))


def panel_dues(incident) -> set[date]:
    return set(
        Reminder.objects.filter(subject_id=incident.pk, clock="panel_notification").values_list(
            "due_on", flat=True
        )
    )


def test_correcting_the_aware_date_withdraws_the_old_reminders_and_makes_new_ones(client, sign_in, people):
    incident = record(people["chair"], MON_2_MARCH)
    services.sweep(today=MON_2_MARCH)
    assert panel_dues(incident) == {date(2026, 3, 9)}

    correct(people["chair"], incident, incident_date=WED_4_MARCH, aware_date=WED_4_MARCH)
    services.sweep(today=WED_4_MARCH)

    assert panel_dues(incident) == {date(2026, 3, 11)}
    sign_in(client, people["member"])
    bell = client.get("/notifications/").content.decode()
    assert "11 March 2026" in bell or "11 Mar 2026" in bell
    assert "9 March 2026" not in bell
    assert "9 Mar 2026" not in bell


def test_a_clock_that_stops_applying_withdraws_its_reminders(client, sign_in, people):
    incident = record(people["chair"], MON_2_MARCH)
    services.sweep(today=MON_2_MARCH)
    assert Reminder.objects.filter(subject_id=incident.pk).exists()

    correct(people["chair"], incident, abuse_or_neglect_suspected=False)
    services.sweep(today=MON_2_MARCH)

    assert not Reminder.objects.filter(subject_id=incident.pk).exists()
    queued = Reminder.objects.filter(pk__in=services.reminders_to_queue())
    assert not queued.filter(subject_type="incident").exists()
    sign_in(client, people["member"])
    assert "Notifications (" not in client.get("/").content.decode()


def test_a_clock_first_seen_overdue_gets_only_its_overdue_reminder(people):
    incident = record(people["chair"], date(2025, 11, 20))

    services.sweep(today=date(2025, 12, 8))

    stages = {
        (r.recipient_id, r.stage)
        for r in Reminder.objects.filter(subject_id=incident.pk, clock="panel_notification")
    }
    assert stages == {
        (people["chair"].pk, "overdue:2025-12-08"),
        (people["admin"].pk, "overdue:2025-12-08"),
    }


def test_an_overdue_actions_email_names_the_people_it_went_to(make_user, people):
    agency = AgencyFactory(name="Wessex Police")
    lead = make_user(roles.AGENCY_ACTION_LEAD, agency=agency, full_name="Lee Lead")
    business = make_user(roles.BUSINESS_GROUP, full_name="Bea Business")
    review = Review.objects.create(kind="local", title="Child A", decision_on=date(2025, 1, 6))
    recommendation = action_plans.recommendation_create(
        actor=people["chair"], review=review, text="Share referrals", agencies=[agency]
    )
    action_plans.action_create(
        actor=people["chair"],
        recommendation=recommendation,
        description="Audit referrals",
        owner_agency=agency,
        due_on=date(2025, 11, 28),
    )
    services.sweep(today=date(2025, 12, 2))

    for reminder in Reminder.objects.filter(clock="action_due"):
        services.send_reminder(reminder_id=reminder.pk)

    [to_lead] = [m for m in mail.outbox if m.to == [lead.email]]
    assert {tuple(m.to) for m in mail.outbox} == {(lead.email,), (business.email,)}
    assert "Lee Lead" in to_lead.body
    assert "Bea Business" in to_lead.body
    assert "chair" not in to_lead.body.lower()
    assert "Partnership admin" not in to_lead.body


def test_the_day_before_reminder_names_the_day_not_tomorrow(people):
    # Aware Monday 23 February 2026: due Monday 2 March; the day before is Friday 27 February.
    record(people["chair"], date(2026, 2, 23))
    services.sweep(today=date(2026, 2, 27))

    reminder = Reminder.objects.filter(
        clock="panel_notification", stage="day_before", recipient=people["member"]
    ).get()
    services.send_reminder(reminder_id=reminder.pk)

    [message] = mail.outbox
    assert "Due on Monday 2 March" in message.subject
    assert "tomorrow" not in message.subject.lower()
    assert "Monday 2 March 2026" in message.body


def test_email_subjects_and_bodies_are_plain_text(people):
    Review.objects.create(kind="cspr", title="Child O'Neil", decision_on=date(2025, 1, 6))
    services.sweep(today=date(2025, 7, 8))
    reminder = Reminder.objects.filter(subject_type="review", recipient=people["chair"]).earliest("id")

    services.send_reminder(reminder_id=reminder.pk)

    [message] = mail.outbox
    assert "O'Neil" in message.subject
    assert "O'Neil" in message.body
    assert "&#x27;" not in message.subject
    assert "&#x27;" not in message.body
