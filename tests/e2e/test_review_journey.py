"""A review from the Rapid Review's outcome to publication, in the browser, axe-clean at every
step: create it, appoint the reviewer, commission, pause for an inquest, resume, recommend, act,
upload the final report, sign off; the agency lead updates the action, the Business Group rates
it; the review is published."""

from datetime import timedelta

import pytest
from django.utils import timezone

from crag import roles
from crag.tests.factories import AgencyFactory
from crag.tests.matrix_documents import pdf_with_text
from reviews.incidents import rapid_reviews, services
from reviews.models import Action, Review
from reviews.tests.partner_records import record_partner_agreements
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = pytest.mark.e2e


def accessible(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"review-{name}")


def fill_date(page, label, when):
    group = page.get_by_role("group", name=label)
    group.get_by_label("Day").fill(str(when.day))
    group.get_by_label("Month").fill(str(when.month))
    group.get_by_label("Year").fill(str(when.year))


def decided_rapid_review(chair):
    today = timezone.localdate()
    child = services.child_create(actor=chair, pseudonym="Child K", legal_name="Kim Example")
    incident = services.incident_create(
        actor=chair,
        kind="death",
        incident_date=today - timedelta(days=40),
        aware_date=today - timedelta(days=39),
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[child],
    )
    rapid_review = rapid_reviews.rapid_review_open(actor=chair, incident=incident)
    rapid_reviews.rapid_review_update(
        actor=chair,
        rapid_review=rapid_review,
        fields={
            "meets_cspr_criteria": True,
            "complex_or_national_importance": False,
            "decision_reasons": "x",
        },
    )
    record_partner_agreements(rapid_review)
    rapid_reviews.rapid_review_sign_off(actor=chair, rapid_review=rapid_review)
    rapid_reviews.rapid_review_update(actor=chair, rapid_review=rapid_review, fields={"outcome": "cspr"})
    return incident


def test_a_review_from_commissioning_to_publication(live_server, browser, make_user, themes, tmp_path):
    police = AgencyFactory(name="Wessex Police")
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    make_user(roles.INDEPENDENT_REVIEWER, email="reviewer@crag.test", full_name="Riley Reviewer")
    lead = make_user(roles.AGENCY_ACTION_LEAD, agency=police, email="lead@crag.test")
    business = make_user(roles.BUSINESS_GROUP, email="business@crag.test")
    incident = decided_rapid_review(chair)
    base, today = live_server.url, timezone.localdate()

    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, chair)
    # Commission the review from the Rapid Review's outcome.
    page.goto(f"{base}/incidents/{incident.pk}/rapid-review/")
    page.get_by_role("button", name="Create the review").click()
    accessible(page, "create")
    page.get_by_role("button", name="Create review").click()
    page.get_by_text("created for Child K").wait_for()
    review = Review.objects.get()
    page.goto(f"{base}/reviews/{review.pk}/")
    accessible(page, "scoping")
    page.get_by_role("link", name="Change the reviewer").click()
    page.get_by_label("Independent reviewer").select_option(label="Riley Reviewer")
    accessible(page, "reviewer")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Commission the review").click()
    accessible(page, "commission")
    page.get_by_role("button", name="Commission the review").click()
    page.get_by_text("The review is now commissioned").wait_for()
    page.get_by_role("link", name="Start the review").click()
    page.get_by_role("button", name="Start the review").click()
    # Pause it for an inquest, then resume when the inquest ends.
    page.get_by_role("link", name="Pause the review").click()
    page.get_by_role("button", name="Pause the review").click()  # nothing chosen: refused
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "pause-errors")
    page.get_by_label("Inquest").check()
    fill_date(page, "Date it started", today)
    page.get_by_label("Why the review is paused").fill("The coroner has opened an inquest.")
    page.get_by_label("Practitioner interviews").check()
    page.get_by_role("button", name="Pause the review").click()
    page.get_by_text("The review is paused").wait_for()
    accessible(page, "paused")
    page.get_by_role("link", name="Record the end of the inquest").click()
    fill_date(page, "Date it ended", today)
    accessible(page, "process-end")
    page.get_by_role("button", name="Record the end").click()
    page.get_by_role("link", name="Resume the review").click()
    page.get_by_role("button", name="Resume the review").click()
    page.get_by_text("The review is now in progress").wait_for()
    # A recommendation and the police's action.
    page.get_by_role("button", name="Add a recommendation").click()
    page.get_by_label("Recommendation", exact=True).fill("Share missing-episode information the same day.")
    page.get_by_label("Wessex Police").check()
    accessible(page, "recommendation")
    page.get_by_role("button", name="Add recommendation").click()
    page.get_by_role("link", name="Add an action to recommendation 1").click()
    page.get_by_label("Action", exact=True).fill("Send a same-day alert for every missing episode")
    page.get_by_label("Owner agency").select_option(label="Wessex Police")
    fill_date(page, "Due date", today + timedelta(days=30))
    page.get_by_role("button", name="Add action").click()
    page.get_by_text("Action added for Wessex Police").wait_for()
    # The final report, then the chair's sign-off.
    page.get_by_role("button", name="Upload a document").click()
    page.get_by_label("Final report").check()
    final = tmp_path / "final-report.pdf"
    final.write_bytes(pdf_with_text("Final report about Child K. Fictional."))
    page.get_by_label("Upload a file").set_input_files(str(final))
    accessible(page, "upload")
    page.get_by_role("button", name="Upload document").click()
    page.get_by_role("link", name="Sign off the review").click()
    page.get_by_role("button", name="Sign off the review").click()
    page.get_by_text("The review is now signed off").wait_for()
    accessible(page, "signed-off")

    # The police's action lead records progress; the Business Group rates it.
    lead_page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(lead_page, base, lead)
    lead_page.get_by_role("link", name="Your agency's actions").first.click()
    lead_page.get_by_role("link", name="Send a same-day alert for every missing episode").click()
    lead_page.get_by_role("button", name="Record progress").click()
    lead_page.get_by_label("In progress").check()
    lead_page.get_by_label("Progress update").fill("Alert designed with the control room.")
    lead_page.get_by_role("button", name="Save progress").click()
    lead_page.get_by_text("Progress recorded").wait_for()
    accessible(lead_page, "lead-updated")
    group_page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(group_page, base, business)
    group_page.goto(f"{base}/reviews/{review.pk}/")
    accessible(group_page, "business-review")
    group_page.get_by_role("link", name="Send a same-day alert for every missing episode").click()
    group_page.get_by_role("button", name="Rate").click()
    group_page.get_by_label("Green").check()
    group_page.get_by_label("Comment").fill("On track.")
    group_page.get_by_role("button", name="Save rating").click()
    group_page.get_by_text("Rated green").wait_for()

    # Notices, then publication.
    page.goto(f"{base}/reviews/{review.pk}/publication/")
    for label in (
        "Date the final report was sent to the Panel",
        "Date the final report was sent to the Secretary of State",
        "Date the final report was sent to Ofsted",
        "Date published",
    ):
        fill_date(page, label, today)
    page.get_by_label("Web address of the published report").fill("https://example.org/child-k")
    accessible(page, "publication")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Publication recorded").wait_for()
    accessible(page, "published")

    review.refresh_from_db()
    assert (review.status, review.published_on, review.signed_off_by) == ("published", today, chair)
    assert list(review.status_changes.values_list("to_status", flat=True)) == [
        "commissioned",
        "in_progress",
        "paused",
        "in_progress",
        "signed_off",
        "published",
    ]
    action = Action.objects.get()
    assert (action.status, action.rag) == ("in_progress", "green")
