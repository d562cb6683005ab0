"""The assurance pages, the S-CRT export's page and a review's health details form: axe-clean, empty
and filled, with the forms' errors shown."""

from datetime import date

import pytest

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.impact import assurance
from reviews.tests.factories import ReviewFactory
from reviews.tests.factories_impact import ExternalRecommendationFactory
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = pytest.mark.e2e


def accessible(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"assurance-scrt-axe-{name}")


def test_assurance_and_scrt_pages_are_axe_clean(live_server, browser, make_user, themes):
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    AgencyFactory(name="Wessex Health")
    review = ReviewFactory(title="Child M", decision_on=date(2025, 2, 3))
    ExternalRecommendationFactory(external_review__title="National safe sleep review")
    base = live_server.url

    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, chair)
    page.goto(f"{base}/learning/assurance/")
    page.get_by_text("No assurance activity matches").wait_for()
    accessible(page, "empty-list")
    page.goto(f"{base}/learning/assurance/new/")
    page.get_by_text("National safe sleep review, recommendation").wait_for()
    accessible(page, "plan-form")
    page.get_by_role("button", name="Plan the activity").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "plan-form-errors")

    activity = assurance.assurance_plan(
        actor=chair, kind="multi_agency_audit", title="Audit six months on", planned_on=date(2025, 9, 1)
    )
    page.goto(f"{base}/learning/assurance/{activity.pk}/")
    accessible(page, "detail-planned")
    page.goto(f"{base}/learning/assurance/{activity.pk}/findings/")
    page.get_by_role("button", name="Save findings").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "findings-errors")
    assurance.assurance_findings_record(
        actor=chair,
        activity=activity,
        completed_on=date(2025, 10, 1),
        findings="Safe sleep advice recorded in 18 of 20 cases.",
        practice_changed="changed",
        sample=20,
    )
    page.goto(f"{base}/learning/assurance/{activity.pk}/")
    page.get_by_text("Safe sleep advice recorded").wait_for()
    accessible(page, "detail-completed")
    page.goto(f"{base}/learning/assurance/{activity.pk}/edit/")
    accessible(page, "plan-correct")
    page.goto(f"{base}/learning/assurance/")
    accessible(page, "list")

    page.goto(f"{base}/reviews/scrt/")
    page.get_by_role("heading", name="Safeguarding Case Review Tracker (S-CRT) export").wait_for()
    accessible(page, "scrt-page")
    page.goto(f"{base}/reviews/scrt/?year=1")
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "scrt-page-filter-error")
    page.goto(f"{base}/reviews/{review.pk}/health/")
    accessible(page, "health-form")
    page.goto(f"{base}/reviews/{review.pk}/")
    page.get_by_role("link", name="Health details for the S-CRT export").wait_for()
