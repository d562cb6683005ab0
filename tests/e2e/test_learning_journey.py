"""Every learning page, for the CRAG chair who records and the Board member who reads: axe-clean."""

from datetime import date

import pytest

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.models import Review
from tests.e2e.conftest import axe_violations, sign_in_through_the_pages

pytestmark = pytest.mark.e2e


def ok(page, name):
    assert axe_violations(page) == [], name


def test_learning_pages_are_axe_clean(live_server, browser, make_user, themes):
    AgencyFactory(name="Wessex Police")
    AgencyFactory(name="Wessex Health")
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    board = make_user(roles.BOARD_MEMBER, email="board@crag.test")
    Review.objects.create(kind="cspr", title="Child J", decision_on=date(2026, 1, 5))
    base = live_server.url
    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, chair)
    page.get_by_role("link", name="Learning").first.click()
    page.get_by_role("heading", name="Learning from reviews").wait_for()
    ok(page, "overview-empty")
    for url in ("/learning/events/", "/learning/resources/", "/learning/commendations/"):
        page.goto(base + url)
        ok(page, url + " empty")
    page.goto(base + "/learning/events/new/")
    ok(page, "event-new")
    page.get_by_role("button", name="Save event").click()
    page.get_by_text("There is a problem").wait_for()
    ok(page, "event-errors")
    page.get_by_label("Workshop").check()
    page.get_by_label("Title").fill("Exploitation workshop")
    page.get_by_label("Day").fill("7")
    page.get_by_label("Month").fill("10")
    page.get_by_label("Year").fill("2025")
    page.get_by_label("Neglect").check()
    page.get_by_label("Child J").check()
    page.get_by_label("Wessex Police").fill("12")
    page.get_by_label("Wessex Health").fill("8")
    page.get_by_role("button", name="Save event").click()
    page.get_by_text("Exploitation workshop recorded").wait_for()
    ok(page, "event-detail")
    assert page.get_by_role("cell", name="20").count() == 1
    page.get_by_role("link", name="Correct this event").click()
    ok(page, "event-edit")
    page.goto(base + "/learning/resources/new/")
    ok(page, "resource-new")
    page.get_by_label("Poster").check()
    page.get_by_label("Title").fill("Safer sleep poster")
    page.get_by_label("Child J").check()
    page.get_by_role("button", name="Save resource").click()
    page.get_by_text("Safer sleep poster recorded").wait_for()
    page.get_by_role("heading", name="Recommendations behind Safer sleep poster").wait_for()
    ok(page, "resource-recommendations")
    page.get_by_role("button", name="Save").click()
    ok(page, "resource-list")
    page.goto(base + "/learning/commendations/new/")
    ok(page, "commendation-new")
    page.get_by_label("Practitioner or team").fill("School DSL")
    page.get_by_label("Agency").select_option(label="Wessex Police")
    page.get_by_label("The good practice").fill("Referred the same day")
    page.get_by_label("Day").fill("7")
    page.get_by_label("Month").fill("10")
    page.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Save commendation").click()
    page.get_by_text("Commendation of School DSL recorded").wait_for()
    ok(page, "commendation-list")
    page.goto(base + "/learning/events/?kind=workshop&year=2025&theme=neglect")
    ok(page, "event-list")
    page.goto(base + "/learning/")
    ok(page, "overview")
    page.get_by_role("tab", name="Commendations").click()
    ok(page, "overview-tab")
    board_page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(board_page, base, board)
    board_page.goto(base + "/learning/events/")
    ok(board_page, "board-events")
    board_page.get_by_role("link", name="Exploitation workshop").click()
    ok(board_page, "board-detail")
