"""At most 10 failed sign-ins per account per 5 minutes (issue 3), identical for unknown accounts."""

import logging
from datetime import timedelta

import time_machine
from django.utils import timezone

from conftest import give_totp
from crag import roles
from crag.models import AuditEvent
from crag.tests.factories import TEST_PASSWORD

LOGIN = "/accounts/login/"


def attempt(client, email, password, address="127.0.0.1"):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address)


def test_the_eleventh_attempt_is_refused_even_with_the_right_password(client, make_user):
    user = make_user(roles.CRAG_MEMBER, email="m@crag.test")
    give_totp(user)
    for _ in range(9):
        assert attempt(client, "m@crag.test", "wrong-password-guess").status_code == 200
    # The tenth failure is still a failure; it is answered with the lockout page.
    assert attempt(client, "m@crag.test", "wrong-password-guess").status_code == 429

    response = attempt(client, "m@crag.test", TEST_PASSWORD)

    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert not client.session.get("account_authentication_methods")
    assert AuditEvent.objects.filter(kind="locked_out", identifier="m@crag.test").exists()


def test_ten_failures_are_allowed_and_the_right_password_then_works(client, make_user):
    user = make_user(roles.CRAG_MEMBER, email="m@crag.test")
    give_totp(user)
    for _ in range(9):
        attempt(client, "m@crag.test", "wrong-password-guess")
    assert attempt(client, "m@crag.test", TEST_PASSWORD)["Location"] == "/accounts/2fa/authenticate/"


def test_the_lockout_ends_after_five_minutes(client, make_user):
    user = make_user(roles.CRAG_MEMBER, email="m@crag.test")
    give_totp(user)
    for _ in range(11):
        attempt(client, "m@crag.test", "wrong-password-guess")
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        response = attempt(client, "m@crag.test", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"


def test_lockout_counts_per_account_in_any_letter_case(client, make_user):
    make_user(roles.CRAG_MEMBER, email="m@crag.test")
    for i in range(10):
        attempt(client, "M@CRAG.test" if i % 2 else "m@crag.test", "wrong-password-guess")
    assert attempt(client, "m@crag.test", TEST_PASSWORD).status_code == 429


def test_other_accounts_are_not_locked_by_someone_elses_failures(client, make_user):
    make_user(roles.CRAG_MEMBER, email="victim@crag.test")
    other = make_user(roles.CRAG_MEMBER, email="other@crag.test")
    give_totp(other)
    for _ in range(11):
        attempt(client, "victim@crag.test", "wrong-password-guess")
    assert attempt(client, "other@crag.test", TEST_PASSWORD).status_code == 302


def test_responses_are_identical_for_existing_and_unknown_accounts(client, make_user):
    make_user(roles.CRAG_MEMBER, email="real@crag.test")

    def journey(email, address):
        statuses, bodies = [], []
        for _ in range(11):
            response = attempt(client, email, "wrong-password-guess", address)
            statuses.append(response.status_code)
            bodies.append(response.content.decode().replace(email, "EMAIL"))
        return statuses, bodies

    # From two addresses, as a prober would: one address is limited to 20 failures in 5 minutes.
    real, unknown = journey("real@crag.test", "203.0.113.1"), journey("ghost@crag.test", "203.0.113.2")

    assert real[0] == unknown[0]
    assert real[0][-1] == 429
    # Same text apart from the per-request CSRF token and nonce.
    strip = lambda html: [line for line in html.splitlines() if "csrf" not in line and "nonce" not in line]  # noqa: E731
    assert [strip(b) for b in real[1]] == [strip(b) for b in unknown[1]]


def test_failed_sign_ins_write_no_email_address_to_the_application_log(client, make_user, caplog):
    make_user(roles.CRAG_MEMBER, email="private.person@crag.test")
    with caplog.at_level(logging.DEBUG):
        for _ in range(11):
            attempt(client, "private.person@crag.test", "wrong-password-guess")
    assert "private.person" not in caplog.text
    assert "wrong-password-guess" not in caplog.text
    # ...but the audit trail has every failure and the lockout.
    assert AuditEvent.objects.filter(kind="login_failed", identifier="private.person@crag.test").count() >= 10


def test_the_lockout_page_names_the_configured_wait(client, make_user, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    make_user(roles.CRAG_MEMBER, email="m@crag.test")
    for _ in range(10):
        response = attempt(client, "m@crag.test", "wrong-password-guess")
    assert "Wait 15 minutes, then try again" in response.content.decode()
