"""Every minutes page, for the chair and an invited agency lead: axe-clean, with their errors shown
where they have a form, the decision's confirmation, approved minutes with an amendment, the
papers page and the records that show where they were decided."""

from datetime import date, time

import pytest

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.meetings import minutes
from reviews.models import AgendaItem, Meeting, MeetingMember, MeetingPapers
from reviews.tests.factories import RapidReviewFactory
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = pytest.mark.e2e


def accessible(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"minutes-axe-{name}")


def test_the_minutes_pages_are_axe_clean(live_server, browser, make_user, themes):
    police = AgencyFactory(name="County Police")
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    lead = make_user(roles.AGENCY_ACTION_LEAD, email="lead@crag.test", agency=police)
    meeting = Meeting.objects.create(held_on=date(2026, 2, 3), starts_at=time(10, 0), place="Room 2")
    later = Meeting.objects.create(held_on=date(2026, 3, 3), starts_at=time(10, 0), place="Room 2")
    for user in (chair, lead):
        MeetingMember.objects.create(meeting=meeting, user=user)
    rapid_review = RapidReviewFactory.create()
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=1,
        kind="rapid_review_decision",
        title="Rapid Review decision",
        rapid_review=rapid_review,
    )
    action = minutes.meeting_action_add(
        actor=chair,
        meeting=meeting,
        description="Share the plan",
        owner_agency=police,
        owner=lead,
        due_on=date(2026, 2, 17),
    )
    MeetingPapers.objects.create(meeting=meeting, inputs_sha256="0" * 64)
    base, url = live_server.url, f"{live_server.url}/meetings/{meeting.pk}"

    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, chair)
    page.goto(f"{url}/minutes/")
    accessible(page, "minutes")
    page.goto(f"{url}/agenda/{item.pk}/minute/")
    accessible(page, "item-minute")
    page.goto(f"{url}/agenda/{item.pk}/decide/")
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "decide-errors")
    page.get_by_label("Rapid Review decision", exact=True).check()
    page.get_by_label("The decision as minuted").fill("Meets the criteria.")
    page.get_by_role("group", name="Rapid Review: does the case meet the criteria for a CSPR?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("Rapid Review: the reasons").fill("Serious harm; learning for health.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check the decision before it is recorded").wait_for()
    accessible(page, "decide-confirm")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Decision recorded.").wait_for()
    page.goto(f"{url}/actions/add/")
    page.get_by_role("button", name="Add action").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "action-add-errors")
    page.goto(f"{url}/actions/{action.pk}/done/")
    accessible(page, "action-done")
    page.goto(f"{url}/papers/")
    accessible(page, "papers-waiting")
    page.goto(f"{base}/incidents/{rapid_review.incident_id}/rapid-review/")
    page.get_by_text("CRAG meeting of 3 February 2026").first.wait_for()
    accessible(page, "rapid-review-decided-at")
    page.goto(f"{url}/minutes/approve/")
    accessible(page, "approve")
    page.get_by_label("Approved at the meeting of").select_option(str(later.pk))
    page.get_by_role("button", name="Approve minutes").click()
    page.goto(f"{url}/minutes/amend/")
    accessible(page, "amend")
    page.get_by_label("The correction").fill("Item 1: the police were present.")
    page.get_by_label("Why it is corrected").fill("Recorded absent in error.")
    page.get_by_role("button", name="Record amendment").click()
    page.get_by_text("Item 1: the police were present.").wait_for()
    accessible(page, "minutes-approved-amended")

    other = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(other, base, lead)
    other.goto(f"{url}/minutes/")
    accessible(other, "lead-minutes")
    other.goto(f"{url}/papers/")
    accessible(other, "lead-papers")
