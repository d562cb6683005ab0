"""Every page of agencies' returns and chronologies not walked by the journey, for CRAG, an agency
lead and a review's Independent reviewer: axe-clean, with their errors shown where they have a
form."""

from datetime import date

import pytest

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.choices import ContributionKind
from reviews.contributions import chronology, requests
from reviews.models import Review
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = pytest.mark.e2e


def accessible(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"contributions-axe-{name}")


def asked(chair, lead, review):
    summary, report = (
        requests.contributions_request(
            actor=chair,
            agencies=[lead.agency],
            kind=kind,
            due_on=date(2026, 12, 31),
            requested_on=date(2026, 11, 2),
            review=review,
        )[0]
        for kind in (ContributionKind.AGENCY_SUMMARY, ContributionKind.CHRONOLOGY)
    )
    chronology.chronology_entry_add(
        actor=lead,
        request=report,
        occurred_on=date(2026, 3, 2),
        source="School log",
        what_happened="Late most mornings",
    )
    return summary, report


def test_the_returns_pages_are_axe_clean(live_server, browser, make_user, themes):
    agency = AgencyFactory(name="Wessex Schools")
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    lead = make_user(roles.AGENCY_ACTION_LEAD, email="lead@crag.test", agency=agency)
    reviewer = make_user(roles.INDEPENDENT_REVIEWER, email="reviewer@crag.test")
    review = Review.objects.create(
        kind="cspr", title="Child S", decision_on=date(2026, 10, 1), reviewer=reviewer
    )
    summary, report = asked(chair, lead, review)
    base = live_server.url

    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, lead)
    page.goto(f"{base}/contributions/")
    page.get_by_role("heading", name="Returns").first.wait_for()
    accessible(page, "lead-list")
    page.goto(f"{base}/contributions/{summary.pk}/")
    accessible(page, "lead-detail")
    page.goto(f"{base}/contributions/{summary.pk}/submit/")
    page.get_by_role("button", name="Submit the return").click()
    page.get_by_text("There is a problem").wait_for()  # the summary is empty
    accessible(page, "lead-submit-refused")
    page.goto(f"{base}/contributions/{summary.pk}/edit/")
    accessible(page, "lead-edit")
    page.get_by_label("Involvement with the child and family").fill("Known to the school since reception.")
    page.get_by_role("button", name="Save").click()
    page.goto(f"{base}/contributions/{summary.pk}/documents/upload/")
    accessible(page, "lead-document-upload")
    page.goto(f"{base}/contributions/{report.pk}/chronology/")
    accessible(page, "lead-entries")
    entry = report.chronology.get()
    page.goto(f"{base}/contributions/{report.pk}/chronology/{entry.pk}/edit/")
    accessible(page, "lead-entry-edit")
    page.goto(f"{base}/contributions/{report.pk}/chronology/{entry.pk}/delete/")
    accessible(page, "lead-entry-delete")
    page.goto(f"{base}/contributions/{report.pk}/submit/")
    page.get_by_role("button", name="Submit the return").click()
    page.get_by_text("Submitted").first.wait_for()

    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, chair)
    page.goto(f"{base}/contributions/")
    accessible(page, "crag-list")
    page.goto(f"{base}/contributions/{report.pk}/")
    accessible(page, "crag-detail")
    for suffix in ("accept/", "return/", "due/"):
        page.goto(f"{base}/contributions/{summary.pk}/{suffix}")
        accessible(page, f"crag-{suffix[:-1]}")
    page.goto(f"{base}/contributions/{summary.pk}/due/")
    page.get_by_role("button", name="Change the due date").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "crag-due-errors")
    page.goto(f"{base}/reviews/{review.pk}/")
    page.get_by_role("heading", name="Agencies' returns").wait_for()
    accessible(page, "review-page")
    page.goto(f"{base}/reviews/{review.pk}/contributions/request/")
    page.get_by_role("button", name="Send the requests").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "crag-ask-errors")

    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, reviewer)
    page.goto(f"{base}/reviews/{review.pk}/chronology/")
    page.get_by_text("Late most mornings").wait_for()
    accessible(page, "reviewer-merged")
