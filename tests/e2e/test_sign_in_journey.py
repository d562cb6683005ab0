import pytest

from conftest import code_for_secret, give_totp, totp_code
from crag import roles
from crag.tests.factories import TEST_PASSWORD
from tests.e2e.conftest import axe_violations, screenshot, wait_for_heading_or_error

pytestmark = pytest.mark.e2e


def enter_password(page, base_url, email, password=TEST_PASSWORD):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_member_signs_in_with_password_and_code_and_sees_an_accessible_dashboard(
    live_server, page, make_user
):
    user = make_user(roles.CRAG_MEMBER, email="member@crag.test", full_name="Morgan Member")
    give_totp(user)

    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    assert axe_violations(page) == []
    screenshot(page, "login")

    enter_password(page, live_server.url, "member@crag.test")
    page.get_by_role("heading", name="Enter your authentication code").wait_for()
    assert axe_violations(page) == []
    screenshot(page, "mfa-authenticate")
    page.get_by_label("Code").fill(totp_code(user))
    page.get_by_role("button", name="Sign in").click()

    wait_for_heading_or_error(page, "Dashboard")
    assert "Morgan Member" in page.content()
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert font.lower().startswith("arial")
    assert axe_violations(page) == []
    screenshot(page, "dashboard")


def test_new_user_must_set_up_an_authenticator_app_before_reaching_anything(live_server, page, make_user):
    make_user(roles.BOARD_MEMBER, email="board@crag.test")

    enter_password(page, live_server.url, "board@crag.test")
    page.get_by_role("heading", name="Set up your authenticator app").wait_for()
    # A password-only session reaches nothing else.
    page.goto(f"{live_server.url}/")
    page.get_by_role("heading", name="Set up your authenticator app").wait_for()
    assert axe_violations(page) == []
    screenshot(page, "mfa-activate")

    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(code_for_secret(secret))
    page.get_by_role("button", name="Activate").click()

    # Straight on to the recovery codes, without being asked for the password a third time.
    wait_for_heading_or_error(page, "Your recovery codes")
    assert axe_violations(page) == []
    screenshot(page, "mfa-recovery-codes")
    page.get_by_role("link", name="Continue to your dashboard").click()
    page.get_by_role("heading", name="Dashboard").wait_for()


def test_wrong_password_error_summary_is_accessible(live_server, page, make_user):
    make_user(roles.CRAG_MEMBER, email="member@crag.test")

    enter_password(page, live_server.url, "member@crag.test", "wrong-password-entirely")

    page.get_by_text("There is a problem").wait_for()
    assert axe_violations(page) == []


def test_no_content_security_policy_violations_when_signing_in(live_server, page, make_user):
    user = make_user(roles.PARTNERSHIP_ADMIN, email="admin@crag.test")
    give_totp(user)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    enter_password(page, live_server.url, "admin@crag.test")
    wait_for_heading_or_error(page, "Enter your authentication code")
    page.get_by_label("Code").fill(totp_code(user))
    page.get_by_role("button", name="Sign in").click()
    wait_for_heading_or_error(page, "Dashboard")
    page.goto(f"{live_server.url}/audit/")
    page.get_by_role("heading", name="Audit trail").wait_for()
    assert axe_violations(page) == []
    screenshot(page, "audit")

    assert errors == []
