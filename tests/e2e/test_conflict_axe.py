"""Two people editing one review (issue 14, item 5), in the browser: the second to save sees the
conflict page, axe-clean, with both values side by side, and nothing of theirs is saved."""

from datetime import date

import pytest

from crag import roles
from reviews.editing import versions
from reviews.models import Review
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = pytest.mark.e2e


def test_a_save_over_a_change_made_meanwhile_shows_the_conflict_page(live_server, browser, make_user):
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    review = Review.objects.create(kind="cspr", title="Child C", decision_on=date(2026, 6, 1))
    base = live_server.url
    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, chair)

    page.goto(f"{base}/reviews/{review.pk}/edit/")
    title = page.get_by_label("Title")
    title.wait_for()
    # Someone else saves the review while the form is open.
    versions.claim(review, None)
    Review.objects.filter(pk=review.pk).update(title="Child C (theirs)")

    title.fill("Child C (mine)")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="changed since you opened this form").wait_for()
    assert axe_violations(page) == [], "conflict"
    screenshot(page, "edit-conflict")
    table = page.get_by_role("table", name="What you entered and what is saved now")
    assert "Child C (mine)" in table.inner_text()
    assert "Child C (theirs)" in table.inner_text()
    review.refresh_from_db()
    assert review.title == "Child C (theirs)"

    page.get_by_role("button", name="Go back to the form with the saved values").click()
    page.get_by_label("Title").wait_for()
    assert page.get_by_label("Title").input_value() == "Child C (theirs)"
