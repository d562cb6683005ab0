"""What the incident and Rapid Review page tests share: a CRAG member signed in, a child, incidents
made directly, and readers of the pages.
"""

import re

import pytest

from crag import roles
from reviews.choices import IncidentKind
from reviews.models import Child
from reviews.tests.factories import IncidentFactory

LIST = "/incidents/"


@pytest.fixture
def member(make_user):
    return make_user(roles.CRAG_MEMBER)


@pytest.fixture
def member_client(client, sign_in, member):
    return sign_in(client, member)


@pytest.fixture
def child(db):
    return Child.objects.create(pseudonym="Child M", legal_name="Restricted Name")


def make_incident(reference, *, aware, kind=IncidentKind.DEATH, children=(), **fields):
    return IncidentFactory(
        reference=reference, kind=kind, incident_date=aware, aware_date=aware, children=children, **fields
    )


def date_parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def references(html):
    """The incident references listed, in the order shown."""
    return re.findall(r">(INC-\d{4}-\d{3})</a>", html)
