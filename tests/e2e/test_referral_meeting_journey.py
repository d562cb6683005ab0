"""Issue 19 in the browser: a health agency lead refers a case; CRAG screens it as notifiable the
same day (an incident is made from it, nothing typed twice); the next meeting's agenda, drafted
from what is due, holds its Rapid Review decision; the chair minutes the decision at the meeting;
the Rapid Review shows the decision and where it was taken. Every page on the way is axe-clean."""

from datetime import timedelta

import pytest
from django.utils import timezone

from crag import roles
from crag.models import PartnerRole
from crag.tests.factories import AgencyFactory
from reviews.models import Incident, Referral
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = pytest.mark.e2e


def accessible(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"referral-meeting-{name}")


def fill_date(page, legend, day):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def refer(page, base, aware):
    page.goto(f"{base}/referrals/")
    page.get_by_role("button", name="Refer a case").click()
    accessible(page, "refer")
    page.get_by_label("Serious harm").check()
    page.get_by_label("What happened", exact=True).fill("Baby admitted with a fractured arm; no explanation.")
    fill_date(page, "Date your agency became aware", aware)
    fill_date(page, "Date the council became aware", aware)
    page.get_by_role("group", name="Do you know or suspect that abuse or neglect was involved?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("Full name of the first child").fill("Demo Child Tango")
    page.get_by_role("button", name="Send referral").click()
    page.get_by_text("REF-").first.wait_for()
    accessible(page, "referred")


def screen_as_notifiable(page, base, referral):
    page.goto(f"{base}/referrals/{referral.pk}/")
    accessible(page, "referral-for-crag")
    page.get_by_role("button", name="Screen this referral").click()
    page.get_by_label("Notifiable: notify the Panel").check()
    page.get_by_role("button", name="Record the screening decision").click()
    confirm = page.get_by_role("button", name="Record the screening decision")
    if confirm.count():  # a confirmation of what will happen, where the page asks for one
        accessible(page, "screen-confirm")
        confirm.click()
    page.get_by_role("button", name="Open the Rapid Review").click()
    page.get_by_role("heading", name="Rapid Review").wait_for()


def plan_and_draft(page, base, today, chair):
    page.goto(f"{base}/meetings/new/")
    accessible(page, "plan")
    fill_date(page, "Date", today)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Place").fill("Room 2, County Hall")
    page.get_by_label(chair.full_name).first.check()
    page.get_by_role("button", name="Plan the meeting").click()
    page.get_by_role("button", name="Draft the agenda from what is due").click()
    page.get_by_text("added to the agenda").wait_for()
    accessible(page, "drafted")


def test_refer_screen_agenda_minute_and_the_rapid_review_shows_it(live_server, browser, make_user, themes):
    health = AgencyFactory(name="Wessex Health Trust")
    council = AgencyFactory(name="Wessex Council", partner_role=PartnerRole.LOCAL_AUTHORITY)
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test", agency=council, full_name="Chris Chair")
    lead = make_user(roles.AGENCY_ACTION_LEAD, email="health.lead@crag.test", agency=health)
    today = timezone.localdate()
    base = live_server.url

    page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, lead)
    refer(page, base, today - timedelta(days=1))
    referral = Referral.objects.get()
    assert page.get_by_text("Demo Child Tango").count() == 0  # the referrer sees the pseudonym

    page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, chair)
    screen_as_notifiable(page, base, referral)
    incident = Incident.objects.get()
    assert incident.aware_date == today - timedelta(days=1)  # carried over, not typed again
    assert [c.legal_name for c in incident.children.all()] == ["Demo Child Tango"]

    plan_and_draft(page, base, today, chair)
    page.get_by_role("heading", name=f"Rapid Review decision: {incident.reference}").first.wait_for()
    meeting_url = page.url
    page.goto(meeting_url.rstrip("/") + "/minutes/")
    accessible(page, "minutes")
    page.get_by_role("link", name="Record a decision on item").first.click()
    page.get_by_label("Rapid Review decision").check()
    page.get_by_label("The decision as minuted").fill("The criteria for a CSPR are met.")
    page.get_by_role("group", name="Rapid Review: does the case meet the criteria for a CSPR?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name="Rapid Review: is it complex or of national importance?").get_by_label(
        "No"
    ).check()
    page.get_by_label("Rapid Review: the reasons").fill("Serious harm; abuse suspected; learning for health.")
    page.get_by_role("button", name="Continue").click()
    accessible(page, "decision-confirm")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Decision recorded.").wait_for()

    page.goto(f"{base}/incidents/{incident.pk}/rapid-review/")
    page.get_by_text("Decided at the").wait_for()
    assert page.get_by_text("Serious harm; abuse suspected; learning for health.").count() == 1
    accessible(page, "rapid-review-decided")
