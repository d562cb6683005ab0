"""The `referral_screening` clock through the sweep and the deadlines command: CRAG hears of a
referral when it arrives and on its due day, the chair when it is overdue; the referring agency
is not reminded of CRAG's work; a screened referral stops the reminders."""

import io
import json
from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from crag import roles
from notifications import services
from notifications.models import Reminder
from notifications.tasks import sweep_once
from reviews.referrals import services as referrals
from reviews.tests.factories_meetings import REFERRED_ON, ReferralFactory

MON = REFERRED_ON  # Monday 13 January 2025: day 0
DUE = date(2025, 1, 14)  # one working day later (CRAG_REFERRAL_SCREENING_WORKING_DAYS)
LATE = date(2025, 1, 15)
CLOCK = "referral_screening"
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user, settings):
    settings.CRAG_REFERRAL_SCREENING_WORKING_DAYS = 1
    lead = make_user(roles.AGENCY_ACTION_LEAD)
    people = {
        "chair": make_user(roles.CRAG_CHAIR),
        "member": make_user(roles.CRAG_MEMBER),
        "lead": lead,
    }
    return people | {"referral": ReferralFactory(referring_agency=lead.agency, referred_by=lead)}


def stages(user) -> set[tuple[str, date]]:
    reminders = Reminder.objects.filter(recipient=user, clock=CLOCK, withdrawn_at=None)
    return {(r.stage.split(":")[0], r.due_on) for r in reminders}


def test_crag_hears_of_a_referral_when_it_arrives_and_on_its_due_day_and_the_referrer_does_not(world):
    # With one working day the day it arrives is the day before it is due.
    services.sweep(today=MON)
    services.sweep(today=DUE)
    for who in ("member", "chair"):
        assert {("day_before", DUE), ("due_day", DUE)} <= stages(world[who])
    assert stages(world["lead"]) == set()


def test_a_longer_screening_period_is_recorded_first(world, settings):
    settings.CRAG_REFERRAL_SCREENING_WORKING_DAYS = 3
    services.sweep(today=MON)
    assert ("recorded", date(2025, 1, 16)) in stages(world["member"])


def test_the_chair_is_told_when_the_screening_is_overdue(world):
    services.sweep(today=LATE)
    assert ("overdue", DUE) in stages(world["chair"])
    assert ("overdue", DUE) not in stages(world["member"])
    assert stages(world["lead"]) == set()


def test_the_worker_sweep_reminds_crag_on_the_due_day(world):
    with time_machine.travel(DUE, tick=False):
        assert sweep_once() is not None
    assert ("due_day", DUE) in stages(world["member"])


def test_a_screened_referral_stops_reminding(world):
    services.sweep(today=MON)
    with time_machine.travel(MON, tick=False):
        referrals.referral_screen(
            actor=world["chair"], referral=world["referral"], decision="no_further_action", reason="Accident."
        )
    services.sweep(today=DUE)
    services.sweep(today=LATE)
    assert {stage for stage, _ in stages(world["member"])} <= {"recorded", "day_before"}
    assert {stage for stage, _ in stages(world["chair"])} <= {"recorded", "day_before"}


def test_the_deadlines_command_lists_a_referral_awaiting_screening_until_it_is_screened(world):
    def listed(as_of: str) -> list[dict[str, object]]:
        out = io.StringIO()
        call_command("deadlines", "--as-of", as_of, "--format", "json", stdout=out)
        return [d for d in json.loads(out.getvalue()) if d["clock"] == CLOCK]

    referral = world["referral"]
    assert listed("2025-01-15") == [
        {
            "subject": "referral",
            "ref": None,
            "id": referral.pk,
            "clock": CLOCK,
            "due": "2025-01-14",
            "state": "overdue",
        }
    ]
    with time_machine.travel(LATE, tick=False):
        referrals.referral_screen(
            actor=world["chair"], referral=referral, decision="local_learning", reason="x"
        )
    assert listed("2025-01-16") == []
