"""An agency lead updates their action; the Business Group rates and closes it. Axe-clean."""

from datetime import date

import pytest

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.actions import services as action_plans
from reviews.models import Action, Review
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = pytest.mark.e2e


def accessible(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"actions-{name}")


def test_lead_updates_and_business_group_rates_and_closes(live_server, browser, make_user):
    police = AgencyFactory(name="Wessex Police")
    chair = make_user(roles.CRAG_CHAIR)
    lead = make_user(roles.AGENCY_ACTION_LEAD, agency=police, email="lead@crag.test")
    business = make_user(roles.BUSINESS_GROUP, email="business@crag.test")
    review = Review.objects.create(kind="cspr", title="Child J", decision_on=date(2026, 1, 5))
    recommendation = action_plans.recommendation_create(
        actor=chair, review=review, text="Share information the same day", agencies=[police]
    )
    action = action_plans.action_create(
        actor=chair,
        recommendation=recommendation,
        description="Send a same-day alert",
        owner_agency=police,
        due_on=date(2026, 3, 31),
    )
    base = live_server.url

    lead_page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(lead_page, base, lead)
    lead_page.get_by_role("link", name="Your agency's actions").first.click()
    lead_page.get_by_role("heading", name="Your agency's actions").wait_for()
    accessible(lead_page, "lead-list")
    lead_page.get_by_role("link", name="Send a same-day alert").click()
    accessible(lead_page, "lead-action")
    lead_page.get_by_role("button", name="Record progress").click()
    lead_page.get_by_label("In progress").check()
    lead_page.get_by_label("Progress update").fill("Alert designed; testing with the control room.")
    accessible(lead_page, "lead-progress")
    lead_page.get_by_role("button", name="Save progress").click()
    lead_page.get_by_text("Progress recorded").wait_for()

    group_page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(group_page, base, business)
    group_page.goto(f"{base}/actions/?overdue=on")
    accessible(group_page, "business-overdue")
    group_page.get_by_role("link", name="Send a same-day alert").click()
    group_page.get_by_role("button", name="Rate").click()
    group_page.get_by_label("Amber").check()
    group_page.get_by_label("Comment").fill("Late, but the design is sound.")
    accessible(group_page, "business-rate")
    group_page.get_by_role("button", name="Save rating").click()
    group_page.get_by_role("link", name="Close the action").click()
    group_page.get_by_role("button", name="Close action").click()  # no evidence yet: refused
    group_page.get_by_text("There is a problem").wait_for()
    accessible(group_page, "business-close-error")
    group_page.get_by_label("Evidence of impact").fill("Alerts sent for every episode in March.")
    group_page.get_by_role("button", name="Close action").click()
    group_page.get_by_text("Action closed").wait_for()
    accessible(group_page, "business-closed")

    action = Action.objects.get(pk=action.pk)
    assert (action.status, action.rag, action.updates.count()) == ("closed", "amber", 1)
