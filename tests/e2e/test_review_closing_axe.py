"""Closing a signed-off review without publishing it (DESIGN.md section 2), in the browser:
axe-clean with and without errors, and the review closed with its justification."""

from datetime import date

import pytest

from crag import roles
from reviews.models import Review
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = pytest.mark.e2e


def test_the_chair_closes_a_signed_off_review_without_publishing_it(live_server, browser, make_user):
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    review = Review.objects.create(
        kind="cspr",
        title="Child S",
        decision_on=date(2025, 1, 6),
        status="signed_off",
        signed_off_on=date(2025, 6, 2),
    )
    base = live_server.url
    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, chair)

    page.goto(f"{base}/reviews/{review.pk}/")
    page.get_by_role("link", name="Close without publishing").click()
    page.get_by_role("radio", name="Publication is not in the child's interest").wait_for()
    assert axe_violations(page) == [], "close-form"
    page.get_by_role("button", name="Close without publishing").click()  # nothing chosen: refused
    page.get_by_text("There is a problem").wait_for()
    assert axe_violations(page) == [], "close-errors"
    screenshot(page, "review-close-errors")

    page.get_by_role("radio", name="Only a summary of the report is published").check()
    page.get_by_label("Note").fill("A summary is published instead")
    group = page.get_by_role(
        "group", name="Date the justification was sent to the Panel and the Secretary of State"
    )
    group.get_by_label("Day").fill("16")
    group.get_by_label("Month").fill("6")
    group.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Close without publishing").click()
    page.get_by_text("The review is now closed").wait_for()
    assert axe_violations(page) == [], "closed"
    review.refresh_from_db()
    assert (review.status, review.non_publication_reason, review.non_publication_sent_on) == (
        "closed",
        "publish_summary_only",
        date(2025, 6, 16),
    )
