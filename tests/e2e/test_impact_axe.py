"""Every page of resources sent to agencies and their use, for CRAG and for an agency lead:
axe-clean, with the forms' errors shown (sending to no agency, a use without evidence) and the
lead's dashboard panel."""

from datetime import timedelta

import pytest
from django.utils import timezone

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.impact import services
from reviews.learning import services as learning
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = pytest.mark.e2e


def accessible(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"impact-axe-{name}")


def test_the_impact_pages_are_axe_clean(live_server, browser, make_user):
    lead = make_user(
        roles.AGENCY_ACTION_LEAD, email="lead@crag.test", agency=AgencyFactory(name="Wessex Health")
    )
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    AgencyFactory(name="Wessex Police")
    base = live_server.url
    resource = learning.learning_resource_create(
        actor=chair, kind="seven_minute_guide", title="Safe sleep guide"
    )
    last_week = timezone.localdate() - timedelta(days=7)

    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, chair)
    page.goto(f"{base}/learning/sent/")
    page.get_by_text("No learning resources sent match").wait_for()
    accessible(page, "crag-empty-list")
    page.goto(f"{base}/learning/resources/{resource.pk}/")
    accessible(page, "crag-resource-unsent")
    page.goto(f"{base}/learning/resources/{resource.pk}/send/")
    accessible(page, "crag-send")
    page.get_by_role("button", name="Send to agencies").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "crag-send-errors")
    sent = services.resource_send(actor=chair, resource=resource, agencies=[lead.agency], sent_on=last_week)[
        0
    ]
    services.resource_use_record(
        actor=chair, dissemination=sent, how="training", used_from=last_week, reach=20, evidence="Register"
    )
    for url, name in (
        (f"/learning/resources/{resource.pk}/", "crag-resource"),
        ("/learning/sent/", "crag-list"),
        (f"/learning/sent/{sent.pk}/", "crag-sent"),
        (f"/learning/sent/{sent.pk}/use/", "crag-use"),
        (f"/learning/uses/{sent.uses.get().pk}/edit/", "crag-use-edit"),
    ):
        page.goto(f"{base}{url}")
        accessible(page, name)

    other = learning.learning_resource_create(actor=chair, kind="briefing", title="Neglect briefing")
    waiting = services.resource_send(actor=chair, resource=other, agencies=[lead.agency], sent_on=last_week)[
        0
    ]
    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, lead)
    page.goto(f"{base}/")
    page.get_by_role("heading", name="Learning resources sent to your agency").wait_for()
    accessible(page, "lead-dashboard")
    for url, name in (
        ("/learning/sent/", "lead-list"),
        ("/learning/sent/?awaiting=on", "lead-list-awaiting"),
        (f"/learning/resources/{other.pk}/", "lead-resource"),
        (f"/learning/sent/{waiting.pk}/", "lead-sent"),
    ):
        page.goto(f"{base}{url}")
        accessible(page, name)
    page.goto(f"{base}/learning/sent/{waiting.pk}/use/")
    accessible(page, "lead-use")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "lead-use-errors")
