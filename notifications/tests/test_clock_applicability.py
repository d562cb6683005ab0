"""Which notification clocks an incident has (DESIGN.md section 2, `contract` table): the incident
page, the sweep, the deadlines page and the `deadlines` command all follow the one table."""

import json
import re
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from crag import roles
from notifications import services
from notifications.models import Reminder
from reviews.incidents import rapid_reviews
from reviews.incidents import services as domain

PANEL = {"panel_notification", "partnership_informed", "rapid_review"}
OFSTED = {"ofsted_notification", "secretary_of_state_notification"}

# (kind, abuse or neglect suspected, the clocks the incident has)
TABLE = [
    ("death", True, PANEL),
    ("serious_harm", True, PANEL),
    ("other", True, PANEL),
    ("death", False, set()),
    ("serious_harm", False, set()),
    ("other", False, set()),
    ("looked_after_death", True, PANEL | OFSTED),
    ("looked_after_death", False, OFSTED),
    ("care_leaver_death", True, OFSTED),
    ("care_leaver_death", False, OFSTED),
]
CASES = [pytest.param(kind, suspected, clocks, id=f"{kind}-{suspected}") for kind, suspected, clocks in TABLE]
AWARE = date(2026, 3, 2)  # a Monday
SWEPT = date(2026, 3, 3)


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


def record(chair, kind: str, suspected: bool):
    child = domain.child_create(actor=chair, pseudonym="Child T")
    return domain.incident_create(
        actor=chair,
        kind=kind,
        incident_date=AWARE,
        aware_date=AWARE,
        location="in_area",
        abuse_or_neglect_suspected=suspected,
        children=[child],
    )


@pytest.mark.parametrize(("kind", "suspected", "clocks"), CASES)
def test_the_incident_page_shows_the_clocks_of_the_table(client, sign_in, chair, kind, suspected, clocks):
    incident = record(chair, kind, suspected)
    sign_in(client, chair)

    html = client.get(f"/incidents/{incident.pk}/").content.decode()

    assert set(re.findall(r'data-clock="([a-z_]+)"', html)) == clocks


@pytest.mark.parametrize(("kind", "suspected", "clocks"), CASES)
def test_the_sweep_reminds_only_of_the_clocks_of_the_table(chair, make_user, kind, suspected, clocks):
    make_user(roles.CRAG_MEMBER)
    incident = record(chair, kind, suspected)

    services.sweep(today=SWEPT)

    reminded = set(
        Reminder.objects.filter(subject_type="incident", subject_id=incident.pk).values_list(
            "clock", flat=True
        )
    )
    assert reminded == clocks


@pytest.mark.parametrize(("kind", "suspected", "clocks"), CASES)
def test_the_deadlines_command_lists_the_clocks_of_the_table(chair, kind, suspected, clocks):
    incident = record(chair, kind, suspected)
    out = StringIO()

    call_command("deadlines", "--as-of", SWEPT.isoformat(), "--format", "json", stdout=out)

    listed = {row["clock"] for row in json.loads(out.getvalue()) if row["id"] == incident.pk}
    assert listed == clocks


@pytest.mark.parametrize(("kind", "suspected"), [("death", False), ("care_leaver_death", True)])
def test_no_rapid_review_is_opened_where_the_panel_clock_does_not_apply(chair, kind, suspected):
    incident = record(chair, kind, suspected)

    with pytest.raises(ValidationError, match="does not need a Rapid Review"):
        rapid_reviews.rapid_review_open(actor=chair, incident=incident)
