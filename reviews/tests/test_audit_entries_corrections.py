"""One correction, one audit entry (issue 12, 5h): correcting an incident with its children and
themes, and opening a Rapid Review with the incident's themes, each used to leave an entry for the
save and another for each many-to-many field set after it."""

from datetime import date

import pytest
from auditlog.models import LogEntry

from crag import roles
from reviews.choices import IncidentKind, IncidentLocation
from reviews.incidents import rapid_reviews, services
from reviews.models import Child, RapidReview, Theme

AWARE = date(2025, 6, 9)


def entries(instance):
    return list(LogEntry.objects.get_for_object(instance).order_by("pk"))


@pytest.fixture
def member(make_user):
    return make_user(roles.CRAG_MEMBER)


@pytest.fixture
def incident(member, themes):
    child = Child.objects.create(pseudonym="Child M")
    return services.incident_create(
        actor=member,
        kind=IncidentKind.DEATH,
        incident_date=AWARE,
        aware_date=AWARE,
        location=IncidentLocation.IN_AREA,
        abuse_or_neglect_suspected=True,
        children=[child],
        themes=[Theme.objects.get(slug="neglect")],
    )


def test_correcting_an_incident_with_its_children_and_themes_writes_one_entry(member, incident):
    other = Child.objects.create(pseudonym="Child N")

    services.incident_update(
        actor=member,
        incident=incident,
        kind=incident.kind,
        incident_date=AWARE,
        aware_date=date(2025, 6, 10),
        location=incident.location,
        abuse_or_neglect_suspected=True,
        children=[*incident.children.all(), other],
        themes=[Theme.objects.get(slug="domestic_abuse")],
    )

    _create, update = entries(incident)
    assert update.action == LogEntry.Action.UPDATE
    assert update.changes_dict["aware_date"] == ["2025-06-09", "2025-06-10"]
    assert update.changes_dict["children"] == ["Child M", "Child M, Child N"]
    assert update.changes_dict["themes"] == ["Neglect", "Domestic abuse"]


def test_opening_a_rapid_review_writes_one_entry_with_the_incidents_themes(member, incident):
    rapid_reviews.rapid_review_open(actor=member, incident=incident)

    [entry] = entries(RapidReview.objects.get(incident=incident))
    assert entry.action == LogEntry.Action.CREATE
    assert entry.changes_dict["themes"] == [None, "Neglect"]
