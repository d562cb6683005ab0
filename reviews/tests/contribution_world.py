"""What the contribution-request tests share: a chair, two agencies with a lead each, and a
Rapid Review to ask about."""

from dataclasses import dataclass

import pytest

from crag import roles
from crag.models import Agency, User
from crag.tests.factories import AgencyFactory
from reviews.models import RapidReview
from reviews.tests.factories import RapidReviewFactory


@dataclass
class World:
    chair: User
    member: User
    health: Agency
    police: Agency
    health_lead: User
    police_lead: User
    rapid_review: RapidReview


@pytest.fixture
def world(make_user) -> World:
    health = AgencyFactory(name="Health visiting")
    police = AgencyFactory(name="County police")
    return World(
        chair=make_user(roles.CRAG_CHAIR),
        member=make_user(roles.CRAG_MEMBER),
        health=health,
        police=police,
        health_lead=make_user(roles.AGENCY_ACTION_LEAD, agency=health),
        police_lead=make_user(roles.AGENCY_ACTION_LEAD, agency=police),
        rapid_review=RapidReviewFactory(),
    )
