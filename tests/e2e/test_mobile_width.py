"""On a phone (390 px wide) no page of tables is wider than the screen: each table scrolls in its
own box (WCAG 2.2 1.4.10 Reflow), and the pages stay axe-clean."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.actions import services as action_plans
from reviews.casework import lifecycle
from reviews.incidents import rapid_reviews, services
from reviews.models import Child, Review
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def _records(chair):
    """An incident with its Rapid Review, and a review with a process, recommendations and actions."""
    agency = AgencyFactory(name="Children's Services of the Borough Council")
    child = Child.objects.create(pseudonym="Child W")
    aware = timezone.localdate() - timedelta(days=12)
    incident = services.incident_create(
        actor=chair,
        kind="looked_after_death",
        incident_date=aware,
        aware_date=aware,
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[child],
    )
    rapid_review = rapid_reviews.rapid_review_open(actor=chair, incident=incident)
    rapid_reviews.safety_action_add(
        actor=chair,
        rapid_review=rapid_review,
        kind="genogram",
        description="Draw the family's genogram, with every adult who cared for the child",
        owner_agency=agency,
        owner_name="Duty team manager",
    )
    review = Review.objects.create(
        kind="cspr", title="Child W", decision_on=date(2026, 1, 6), status="in_progress"
    )
    review.children.add(child)
    lifecycle.parallel_process_add(
        actor=chair, review=review, kind="inquest", started_on=date(2026, 2, 2), blocks_publication=True
    )
    for n in range(3):
        recommendation = action_plans.recommendation_create(
            actor=chair,
            review=review,
            text=f"Share information about children at risk, part {n}",
            agencies=[agency],
        )
        action_plans.action_create(
            actor=chair,
            recommendation=recommendation,
            description="Train every practitioner in the multi-agency safeguarding hub on the new threshold",
            owner_agency=agency,
            due_on=date(2026, 6, 1),
        )
    return incident, review


def test_pages_of_tables_fit_a_phone_screen_and_are_axe_clean(live_server, browser, make_user):
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    incident, review = _records(chair)
    base = live_server.url
    page = browser.new_context(viewport=PHONE).new_page()
    sign_in_through_the_pages(page, base, chair)
    for name, path in (
        ("incident", f"/incidents/{incident.pk}/"),
        ("incidents", "/incidents/"),
        ("rapid-review", f"/incidents/{incident.pk}/rapid-review/"),
        ("incident-form", "/incidents/new/"),
        ("review", f"/reviews/{review.pk}/"),
        ("reviews", "/reviews/"),
        ("action-plan", "/actions/"),
        ("deadlines", "/deadlines/"),
        ("annual-reports", "/annual-reports/"),
        ("learning", "/learning/"),
    ):
        page.goto(base + path)
        scroll_width, viewport = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        screenshot(page, f"phone-{name}")
        assert scroll_width <= viewport, f"{name} is {scroll_width} px wide on a {viewport} px screen"
        assert axe_violations(page) == [], name
