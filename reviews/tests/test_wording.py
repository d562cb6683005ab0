"""Words the pages put together from records read as English."""

from datetime import date, timedelta
from typing import cast

import pytest
from django.utils import timezone

from crag import roles
from crag.models import Agency
from crag.tests.factories import AgencyFactory
from crag.wording import possessive
from reviews.models import Action, Child, Incident, Recommendation, Review
from reviews.tests.test_lost_updates import hidden


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Children's Services", "Children's Services'"),
        ("Police", "Police's"),
        ("NHS Trust", "NHS Trust's"),
        ("ICBS", "ICBS'"),
        ("Child M", "Child M's"),
    ],
)
def test_possessive_of_a_name_ending_in_s_takes_the_apostrophe_alone(name, expected):
    assert possessive(name) == expected


def test_action_page_names_an_agency_ending_in_s_as_a_possessive(client, sign_in, make_user):
    agency = cast(Agency, AgencyFactory(name="Children's Services"))
    review = Review.objects.create(
        kind="cspr", title="Child M", decision_on=date(2026, 1, 5), status="scoping"
    )
    recommendation = Recommendation.objects.create(review=review, number=1, text="Share information")
    action = Action.objects.create(
        recommendation=recommendation, description="Train staff", owner_agency=agency, due_on=date(2026, 6, 1)
    )
    member_client = sign_in(client, make_user(roles.CRAG_MEMBER))

    html = member_client.get(f"/actions/{action.pk}/").content.decode()

    assert "Children&#x27;s Services&#x27; action" in html
    assert "Services&#x27;s" not in html


def _late_incident():
    aware = timezone.localdate() - timedelta(days=30)
    incident = Incident.objects.create(
        reference=f"INC-{aware.year}-001",
        kind="death",
        incident_date=aware,
        aware_date=aware,
        abuse_or_neglect_suspected=True,
    )
    incident.children.set([Child.objects.create(pseudonym="Child M")])
    return incident


def _parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_late_panel_notification_asks_a_plain_question(client, sign_in, make_user):
    incident = _late_incident()
    member_client = sign_in(client, make_user(roles.CRAG_MEMBER))

    url = f"/incidents/{incident.pk}/notifications/"
    response = member_client.post(
        url,
        {
            **hidden(member_client.get(url).content.decode()),
            **_parts("panel_notified_on", timezone.localdate()),
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Why was the Panel notified late?" in html
    assert "Give the reason for the delay" not in html


def test_two_late_notifications_are_asked_about_in_one_question(client, sign_in, make_user):
    incident = _late_incident()
    member_client = sign_in(client, make_user(roles.CRAG_MEMBER))
    today = timezone.localdate()

    url = f"/incidents/{incident.pk}/notifications/"
    response = member_client.post(
        url,
        {
            **hidden(member_client.get(url).content.decode()),
            **_parts("panel_notified_on", today),
            **_parts("partnership_informed_on", today),
        },
    )

    assert "Why were the Panel notified and the safeguarding partners informed late?" in (
        response.content.decode()
    )
