"""Every referrals page, for an agency lead and for CRAG: axe-clean, with the forms' errors shown
(the lead's empty referral, the chair's screening without a decision) and the dashboard panels."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.referrals import services
from reviews.referrals.services import ChildDetails
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = pytest.mark.e2e


def accessible(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"referrals-axe-{name}")


def referred(lead):
    yesterday = timezone.localdate() - timedelta(days=1)
    return services.referral_create(
        actor=lead,
        children=[ChildDetails(name="Test Child Foxtrot", date_of_birth=date(2025, 6, 1))],
        kind="serious_harm",
        what_happened="Admitted with a fracture.",
        agency_aware_on=yesterday,
        council_aware_on=yesterday,
        abuse_or_neglect_suspected="yes",
    )


def test_the_referrals_pages_are_axe_clean(live_server, browser, make_user):
    lead = make_user(
        roles.AGENCY_ACTION_LEAD, email="lead@crag.test", agency=AgencyFactory(name="Wessex Health")
    )
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    base = live_server.url

    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, lead)
    page.goto(f"{base}/referrals/")
    page.get_by_text("No referrals match").wait_for()
    accessible(page, "lead-empty-list")
    page.goto(f"{base}/referrals/new/")
    accessible(page, "lead-form")
    page.get_by_role("button", name="Send referral").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "lead-form-errors")
    waiting, routed = referred(lead), referred(lead)
    services.referral_screen(
        actor=chair, referral=routed, decision="single_agency", reason="Agency learning."
    )
    page.goto(f"{base}/referrals/")
    accessible(page, "lead-list")
    for referral, name in ((waiting, "waiting"), (routed, "routed")):
        page.goto(f"{base}/referrals/{referral.pk}/")
        accessible(page, f"lead-detail-{name}")
    page.goto(f"{base}/")
    page.get_by_role("heading", name="Your agency's referrals").wait_for()
    accessible(page, "lead-dashboard")

    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, chair)
    page.goto(f"{base}/referrals/")
    accessible(page, "crag-list")
    page.goto(f"{base}/referrals/{waiting.pk}/")
    page.get_by_text("Test Child Foxtrot").wait_for()
    accessible(page, "crag-detail")
    page.goto(f"{base}/referrals/{waiting.pk}/screen/")
    accessible(page, "crag-screen")
    page.get_by_role("button", name="Record the screening decision").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "crag-screen-errors")
    page.goto(f"{base}/")
    page.get_by_role("heading", name="Referrals awaiting screening").wait_for()
    accessible(page, "crag-dashboard")
    page.goto(f"{base}/referrals/{waiting.pk}/screen/")
    page.get_by_label("Notifiable: notify the Panel").check()
    page.get_by_role("button", name="Record the screening decision").click()
    page.get_by_role("heading", name="INC-", exact=False).first.wait_for()
    accessible(page, "crag-new-incident")
