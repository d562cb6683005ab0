"""Recording an incident of a child on a date already recorded for them asks first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from crag import roles
from reviews.models import Child, Incident


def incident_data(child, day):
    parts = {
        f"{name}_{i}": str(v)
        for name in ("incident_date", "aware_date")
        for i, v in enumerate((day.day, day.month, day.year))
    }
    return {
        "kind": "death",
        "location": "in_area",
        "abuse_or_neglect_suspected": "True",
        "children": [str(child.pk)],
        **parts,
    }


@pytest.fixture
def member_client(client, sign_in, make_user):
    return sign_in(client, make_user(roles.CRAG_MEMBER))


@pytest.fixture
def recorded(db):
    child = Child.objects.create(pseudonym="Child M")
    day = timezone.localdate() - timedelta(days=3)
    incident = Incident.objects.create(
        reference=f"INC-{day.year}-007", kind="death", incident_date=day, aware_date=day
    )
    incident.children.set([child])
    return incident


def test_same_child_and_incident_date_shows_a_warning_naming_the_incident_and_records_nothing(
    member_client, recorded
):
    child = recorded.children.get()

    response = member_client.post("/incidents/new/", incident_data(child, recorded.incident_date))

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-warning-text" in html
    assert f'<a class="govuk-link" href="/incidents/{recorded.pk}/">{recorded.reference}</a>' in html
    assert "This is a different incident" in html
    assert 'name="different_incident"' in html
    assert Incident.objects.count() == 1


def test_confirming_it_is_a_different_incident_records_it(member_client, recorded):
    child = recorded.children.get()
    data = {**incident_data(child, recorded.incident_date), "different_incident": "on"}

    response = member_client.post("/incidents/new/", data)

    assert response.status_code == 302
    assert Incident.objects.count() == 2


def test_another_date_or_another_child_is_recorded_without_asking(member_client, recorded):
    child = recorded.children.get()
    other = Child.objects.create(pseudonym="Child N")

    day_before = member_client.post(
        "/incidents/new/", incident_data(child, recorded.incident_date - timedelta(days=1))
    )
    other_child = member_client.post("/incidents/new/", incident_data(other, recorded.incident_date))

    assert (day_before.status_code, other_child.status_code) == (302, 302)
    assert Incident.objects.count() == 3


def test_the_confirmation_is_asked_only_when_there_is_a_likely_duplicate(member_client, recorded):
    html = member_client.get("/incidents/new/").content.decode()

    assert 'name="different_incident"' not in html
