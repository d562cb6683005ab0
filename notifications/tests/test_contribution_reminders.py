"""The `contribution_due` clock through the sweep, the deadlines command and the deadlines page:
the asked agency's leads are reminded, another agency's are not, the chair hears when it is
overdue; a submitted return stops the reminders and a return for more starts them again."""

import io
import json
from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from crag import roles
from crag.tests.factories import AgencyFactory
from notifications import services
from notifications.models import Reminder
from notifications.tasks import sweep_once
from reviews.contributions import requests as contributions
from reviews.tests.factories import RapidReviewFactory

MON = date(2025, 1, 13)
DUE = date(2025, 1, 20)  # the next Monday
CLOCK = "contribution_due"
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user):
    health, police = AgencyFactory(name="Health visiting"), AgencyFactory(name="County police")
    people = {
        "chair": make_user(roles.CRAG_CHAIR),
        "health_lead": make_user(roles.AGENCY_ACTION_LEAD, agency=health),
        "police_lead": make_user(roles.AGENCY_ACTION_LEAD, agency=police),
    }
    (request,) = contributions.contributions_request(
        actor=people["chair"],
        agencies=[health],
        kind="agency_summary",
        due_on=DUE,
        requested_on=MON,
        rapid_review=RapidReviewFactory(),
    )
    return people | {"request": request}


def stages(user) -> set[tuple[str, date]]:
    reminders = Reminder.objects.filter(recipient=user, clock=CLOCK, withdrawn_at=None)
    return {(r.stage.split(":")[0], r.due_on) for r in reminders}


def submit(world):
    request = world["request"]
    contributions.contribution_write(
        actor=world["health_lead"], request=request, values={"involvement": "Known"}, version=None
    )
    return contributions.contribution_submit(actor=world["health_lead"], request=request)


def test_the_asked_agencys_lead_gets_the_recorded_and_due_day_reminders_and_no_one_else(world):
    services.sweep(today=MON)
    services.sweep(today=DUE)
    assert {("recorded", DUE), ("due_day", DUE)} <= stages(world["health_lead"])
    assert stages(world["police_lead"]) == set()
    assert stages(world["chair"]) == set()


def test_the_chair_is_told_when_the_return_is_overdue(world):
    services.sweep(today=date(2025, 1, 21))
    assert ("overdue", DUE) in stages(world["chair"])
    assert ("overdue", DUE) in stages(world["health_lead"])
    assert stages(world["police_lead"]) == set()


def test_the_worker_sweep_reminds_the_lead(world):
    with time_machine.travel(DUE, tick=False):
        assert sweep_once() is not None
    assert ("due_day", DUE) in stages(world["health_lead"])


def test_a_submitted_return_stops_reminding(world):
    services.sweep(today=MON)
    with time_machine.travel(date(2025, 1, 15), tick=False):
        submit(world)
    services.sweep(today=DUE)
    services.sweep(today=date(2025, 1, 22))
    assert {stage for stage, _ in stages(world["health_lead"])} <= {"recorded"}
    assert stages(world["chair"]) == set()


def test_a_return_for_more_starts_the_reminders_again_for_its_new_date(world):
    with time_machine.travel(date(2025, 1, 15), tick=False):
        submit(world)
    new_due = date(2025, 1, 27)
    contributions.contribution_return(
        actor=world["chair"], request=world["request"], reason="Add the GP", due_on=new_due
    )
    services.sweep(today=new_due)
    assert ("due_day", new_due) in stages(world["health_lead"])
    assert stages(world["police_lead"]) == set()


def test_the_deadlines_command_lists_an_open_request(world):
    out = io.StringIO()
    call_command("deadlines", "--as-of", "2025-01-14", "--format", "json", stdout=out)
    listed = [d for d in json.loads(out.getvalue()) if d["clock"] == CLOCK]
    assert listed == [
        {
            "subject": "contribution",
            "ref": None,
            "id": world["request"].pk,
            "clock": CLOCK,
            "due": "2025-01-20",
            "state": "due",
        }
    ]


def test_the_deadlines_page_lists_the_return_for_its_agencys_lead_only(world, sign_in):
    with time_machine.travel(date(2025, 1, 14), tick=False):
        mine = sign_in(Client(), world["health_lead"]).get("/deadlines/").content.decode()
        theirs = sign_in(Client(), world["police_lead"]).get("/deadlines/").content.decode()
    link = f"/contributions/{world['request'].pk}/"
    assert link in mine
    assert link not in theirs
