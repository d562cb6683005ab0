"""`Model.objects.restrict(user, action)`: the one place that says which rows each role may see,
checked here directly for every role (the selectors and the access matrix rely on it)."""

from datetime import date

import pytest

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.incidents import duplicates
from reviews.models import Action, Child, Incident, RapidReview, Review
from reviews.tests.factories import (
    ActionFactory,
    ChildFactory,
    IncidentFactory,
    RapidReviewFactory,
    RecommendationFactory,
    ReviewFactory,
)

CRAG_WORK = {roles.PARTNERSHIP_ADMIN, roles.CRAG_CHAIR, roles.CRAG_MEMBER}
EVERY_REVIEW = CRAG_WORK | {roles.BUSINESS_GROUP}
EVERY_ACTION = CRAG_WORK | {roles.BUSINESS_GROUP}

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_incidents_children_and_rapid_reviews_are_crags_work_alone(role, make_user):
    child = ChildFactory()
    RapidReviewFactory(incident=IncidentFactory(children=[child]))
    user = make_user(role)

    models = (Incident, Child, RapidReview)
    seen = {model.__name__: model.objects.restrict(user, "view").count() for model in models}

    expected = 1 if role in CRAG_WORK else 0
    assert seen == {"Incident": expected, "Child": expected, "RapidReview": expected}


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_reviews_each_role_sees(role, make_user):
    police = AgencyFactory(name="Wessex Police")
    reviewer = make_user(roles.INDEPENDENT_REVIEWER)
    user = reviewer if role == roles.INDEPENDENT_REVIEWER else make_user(role, agency=police)
    assigned = ReviewFactory(title="Assigned", reviewer=reviewer)
    published = ReviewFactory(title="Published", published_on=date(2025, 9, 1))
    with_police_action = ReviewFactory(title="Police action")
    ActionFactory(recommendation=RecommendationFactory(review=with_police_action), owner_agency=police)
    ReviewFactory(title="Other")

    def titles(action: str) -> set[str]:
        return set(Review.objects.restrict(user, action).values_list("title", flat=True))

    everything = {"Assigned", "Published", "Police action", "Other"}
    expected_view = {
        roles.INDEPENDENT_REVIEWER: {assigned.title},
        roles.BOARD_MEMBER: {published.title},
        roles.AGENCY_ACTION_LEAD: set(),
    }.get(role, everything if role in EVERY_REVIEW else set())
    assert titles("view") == expected_view
    expected_name = expected_view | ({"Police action"} if role == roles.AGENCY_ACTION_LEAD else set())
    assert titles("name") == expected_name
    assert titles("manage") == (everything if role in CRAG_WORK else set())


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_actions_each_role_sees(role, make_user):
    police, health = AgencyFactory(name="Wessex Police"), AgencyFactory(name="Wessex Health")
    ActionFactory(description="Police action", owner_agency=police)
    ActionFactory(description="Health action", owner_agency=health)
    user = make_user(role, agency=police)

    seen = set(Action.objects.restrict(user, "view").values_list("description", flat=True))

    if role in EVERY_ACTION:
        assert seen == {"Police action", "Health action"}
    elif role == roles.AGENCY_ACTION_LEAD:
        assert seen == {"Police action"}
    else:
        assert seen == set()


def test_an_action_a_model_does_not_know_is_refused_not_answered_with_nothing(make_user):
    chair = make_user(roles.CRAG_CHAIR)
    with pytest.raises(ValueError, match="not restricted for 'manage'"):
        Incident.objects.restrict(chair, "manage")


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_likely_duplicates_show_only_incidents_the_user_may_see(role, make_user):
    child = ChildFactory()
    IncidentFactory(children=[child], incident_date=date(2025, 6, 1), aware_date=date(2025, 6, 2))
    user = make_user(role)

    found = duplicates.incidents_like(user=user, children=[child], incident_date=date(2025, 6, 1))

    assert len(found) == (1 if role in CRAG_WORK else 0)
