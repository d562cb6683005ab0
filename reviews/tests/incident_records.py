"""What the tests of the incident services share: a CRAG member and chair, a child, an incident
made through the service, and a Rapid Review open, decided or signed off.
"""

from datetime import date

import pytest

from crag import roles
from reviews.choices import IncidentKind, IncidentLocation
from reviews.incidents import rapid_reviews, services
from reviews.models import Child
from reviews.tests.partner_records import record_partner_agreements

# Aware on Mon 9 June 2025: the Panel notification was due on Mon 16 June 2025.
AWARE = date(2025, 6, 9)
DUE = date(2025, 6, 16)


@pytest.fixture
def member(make_user):
    return make_user(roles.CRAG_MEMBER)


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


@pytest.fixture
def child(db):
    return Child.objects.create(pseudonym="Child M")


def new_incident(actor, children, *, kind=IncidentKind.DEATH, aware=AWARE, themes=()):
    return services.incident_create(
        actor=actor,
        kind=kind,
        incident_date=aware,
        aware_date=aware,
        location=IncidentLocation.IN_AREA,
        abuse_or_neglect_suspected=True,
        children=children,
        themes=themes,
    )


def decided(actor, rapid_review, **extra):
    fields = {
        "meets_cspr_criteria": True,
        "complex_or_national_importance": False,
        "decision_reasons": "Serious harm; abuse suspected; learning about agency working.",
    }
    return rapid_reviews.rapid_review_update(actor=actor, rapid_review=rapid_review, fields=fields | extra)


@pytest.fixture
def rapid_review(member, child):
    return rapid_reviews.rapid_review_open(actor=member, incident=new_incident(member, [child]))


@pytest.fixture
def signed_off(member, chair, rapid_review):
    decided(member, rapid_review)
    record_partner_agreements(rapid_review)
    return rapid_reviews.rapid_review_sign_off(actor=chair, rapid_review=rapid_review)
