"""Every meetings page, for CRAG and for an invited agency lead: axe-clean, with forms' errors
shown (an empty meeting form, attendance with nothing chosen), the confirmations and the
dashboard's next-meeting panel."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.meetings import services
from reviews.tests.factories_meetings import ReferralFactory
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = pytest.mark.e2e


def accessible(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"meetings-axe-{name}")


def test_the_meetings_pages_are_axe_clean(live_server, browser, make_user):
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    lead = make_user(
        roles.AGENCY_ACTION_LEAD, email="lead@crag.test", agency=AgencyFactory(name="Wessex Police")
    )
    base = live_server.url
    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, chair)
    page.goto(f"{base}/meetings/")
    page.get_by_text("No meetings match").wait_for()
    accessible(page, "empty-list")
    page.goto(f"{base}/meetings/new/")
    accessible(page, "create-form")
    page.get_by_role("button", name="Plan the meeting").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "create-form-errors")

    today = timezone.localdate()
    ReferralFactory()
    meeting = services.meeting_create(
        actor=chair, held_on=today, starts_at=time(10, 0), place="Room 2", invitees=[chair, lead]
    )
    services.meeting_create(
        actor=chair, held_on=today + timedelta(days=7), starts_at=time(10, 0), place="Room 2", invitees=[lead]
    )
    page.goto(f"{base}/meetings/")
    accessible(page, "list")
    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.get_by_role("button", name="Draft the agenda from what is due").click()
    page.get_by_text("added to the agenda").wait_for()
    accessible(page, "detail-drafted")
    item = meeting.items.get(number=1)
    for suffix, name in (
        ("edit/", "edit"),
        ("members/", "members"),
        ("agenda/add/", "agenda-add"),
        (f"agenda/{item.pk}/remove/", "agenda-remove"),
        ("cancel/", "cancel"),
        ("attendance/", "attendance"),
    ):
        page.goto(f"{base}/meetings/{meeting.pk}/{suffix}")
        accessible(page, name)
    page.get_by_role("button", name="Save attendance").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "attendance-errors")
    page.goto(f"{base}/")
    page.get_by_role("heading", name="Next CRAG meeting").wait_for()
    accessible(page, "crag-dashboard")

    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, lead)
    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.get_by_role("heading", name="Quorum").wait_for()
    accessible(page, "invitee-detail")
    page.goto(f"{base}/meetings/")
    accessible(page, "invitee-list")
    page.goto(f"{base}/")
    page.get_by_role("heading", name="Next CRAG meeting").wait_for()
    accessible(page, "invitee-dashboard")
