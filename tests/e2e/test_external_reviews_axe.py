"""The register of external reviews and the action plan with an external review's action:
axe-clean, empty and filled, with the forms' errors shown."""

from datetime import date

import pytest

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.actions import services as action_plans
from reviews.external import services as register
from reviews.models import Theme
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = pytest.mark.e2e


def accessible(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"external-reviews-axe-{name}")


def test_the_register_pages_and_the_action_plan_are_axe_clean(live_server, browser, make_user, themes):
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    business = make_user(roles.BUSINESS_GROUP, email="business@crag.test")
    police = AgencyFactory(name="Wessex Police")
    base = live_server.url

    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, chair)
    page.goto(f"{base}/external-reviews/")
    page.get_by_text("No external reviews match").wait_for()
    accessible(page, "empty-list")
    page.goto(f"{base}/external-reviews/new/")
    accessible(page, "form")
    page.get_by_role("button", name="Add to the register").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "form-errors")

    review = register.external_review_create(
        actor=chair,
        source="national_review",
        title="Child Protection in England",
        author="Child Safeguarding Practice Review Panel",
        published_on=date(2022, 5, 26),
        url="https://www.gov.uk/",
        themes=[Theme.objects.get(slug="domestic_abuse")],
    )
    page.goto(f"{base}/external-reviews/{review.pk}/")
    page.get_by_text("No local response yet").wait_for()
    accessible(page, "detail-empty")
    register.local_response_record(
        actor=chair,
        review=review,
        version=None,
        local_response="Joint decisions at the front door are in place.",
        response_agreed_on=date(2022, 9, 20),
    )
    recommendation = register.external_recommendation_create(
        actor=chair, review=review, text="Police attend every strategy discussion.", agencies=[police]
    )
    action_plans.action_create(
        actor=chair,
        recommendation=recommendation,
        description="Agree the out-of-hours protocol",
        owner_agency=police,
        due_on=date(2026, 3, 31),
    )
    for path, name in (
        ("", "list"),
        (f"{review.pk}/", "detail"),
        (f"{review.pk}/edit/", "edit"),
        (f"{review.pk}/response/", "response"),
        (f"{review.pk}/recommendations/new/", "recommendation-form"),
        (f"recommendations/{recommendation.pk}/actions/new/", "action-form"),
    ):
        page.goto(f"{base}/external-reviews/{path}")
        accessible(page, name)
    page.get_by_role("button", name="Add action").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "action-form-errors")

    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, business)
    page.goto(f"{base}/actions/")
    page.get_by_text("Agree the out-of-hours protocol").wait_for()
    page.get_by_role("columnheader", name="Source").wait_for()
    accessible(page, "action-plan")
    page.goto(f"{base}/actions/?source=external")
    accessible(page, "action-plan-filtered")
