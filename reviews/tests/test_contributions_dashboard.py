"""Agencies' returns on the dashboard and in the service navigation: CRAG sees the returns overdue
or due within the week, an agency's lead the returns their agency owes; "Returns" in the menu for
those who may see the list."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from crag import roles
from reviews.tests.contribution_world import world
from reviews.tests.factories_contributions import ContributionRequestFactory

__all__ = ["world"]  # fixtures
pytestmark = pytest.mark.django_db


def owed(world, agency, *, due_in: int, **extra):
    today = timezone.localdate()
    return ContributionRequestFactory(
        agency=agency,
        rapid_review=world.rapid_review,
        requested_on=today - timedelta(days=30),
        due_on=today + timedelta(days=due_in),
        **extra,
    )


def panel_links(client, key):
    panels = {panel.key: panel for panel in client.get("/").context["panels"]}
    return [item.url for item in panels[key].items]


def test_crag_sees_returns_overdue_or_due_this_week_but_not_later_or_submitted(world, sign_in):
    overdue = owed(world, world.police, due_in=-3)
    soon = owed(world, world.health, due_in=2)
    owed(world, world.health, due_in=40)
    owed(world, world.police, due_in=-5, status="submitted", submitted_on=timezone.localdate())
    links = panel_links(sign_in(Client(), world.chair), "agency-returns")
    assert links == [f"/contributions/{overdue.pk}/", f"/contributions/{soon.pk}/"]


def test_a_lead_sees_every_return_their_agency_owes_and_no_other_agencys(world, sign_in):
    later = owed(world, world.health, due_in=40)
    owed(world, world.police, due_in=-3)
    links = panel_links(sign_in(Client(), world.health_lead), "agency-returns-owed")
    assert links == [f"/contributions/{later.pk}/"]


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (roles.CRAG_MEMBER, True),
        (roles.AGENCY_ACTION_LEAD, True),
        (roles.BOARD_MEMBER, False),
        (roles.BUSINESS_GROUP, False),
    ],
)
def test_returns_is_in_the_menu_for_those_who_may_see_the_list(make_user, sign_in, role, shown):
    nav = sign_in(Client(), make_user(role)).get("/").context["service_nav"]
    assert any(item["label"] == "Returns" and item["url"] == "/contributions/" for item in nav) is shown
