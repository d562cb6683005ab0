import pytest

from crag import roles
from crag.tests.factories import TEST_PASSWORD
from tests.e2e.conftest import axe_violations, screenshot

pytestmark = pytest.mark.e2e


def test_member_signs_in_through_the_real_page_and_sees_an_accessible_dashboard(live_server, page, make_user):
    make_user(roles.CRAG_MEMBER, email="member@crag.test", full_name="Morgan Member")

    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    assert axe_violations(page) == []
    screenshot(page, "login")

    page.get_by_label("Email address").fill("member@crag.test")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("heading", name="Dashboard").wait_for()
    assert "Morgan Member" in page.content()
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert font.lower().startswith("arial")
    assert axe_violations(page) == []
    screenshot(page, "dashboard")


def test_wrong_password_error_summary_is_accessible(live_server, page, make_user):
    make_user(roles.CRAG_MEMBER, email="member@crag.test")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill("member@crag.test")
    page.get_by_label("Password").fill("wrong-password-entirely")
    page.get_by_role("button", name="Sign in").click()

    page.get_by_text("There is a problem").wait_for()
    assert axe_violations(page) == []


def test_no_content_security_policy_violations_on_the_dashboard(live_server, page, make_user):
    make_user(roles.PARTNERSHIP_ADMIN, email="admin@crag.test")
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill("admin@crag.test")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Dashboard").wait_for()

    assert errors == []
