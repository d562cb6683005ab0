"""The lockout counts per account and address, and the account holder is told (issue 12, 5j).

One address failing again and again locks that address out of that account, never the holder
signing in from their own; guesses spread over many addresses meet allauth's per-account limit.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from conftest import give_totp, totp_code
from crag import roles
from crag.tests.factories import TEST_PASSWORD

LOGIN = "/accounts/login/"
CODE = "/accounts/2fa/authenticate/"
ATTACKER, HOLDER = "203.0.113.9", "198.51.100.7"


def attempt(email, password, address, **headers):
    return Client().post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address, **headers)


@pytest.fixture
def member(make_user):
    user = make_user(roles.CRAG_MEMBER, email="m@crag.test", full_name="Morgan Member")
    give_totp(user)
    return user


def test_failures_from_one_address_do_not_lock_the_holder_out_from_their_own(member):
    statuses = [attempt("m@crag.test", "wrong-password-guess", ATTACKER).status_code for _ in range(10)]

    assert statuses[-1] == 429
    assert attempt("m@crag.test", TEST_PASSWORD, ATTACKER).status_code == 429
    assert attempt("m@crag.test", TEST_PASSWORD, HOLDER)["Location"] == CODE


def test_one_address_hammering_for_half_an_hour_never_locks_the_holder_out(member):
    start = timezone.now()
    for minute in range(0, 30, 2):
        with time_machine.travel(start + timedelta(minutes=minute)):
            for _ in range(12):
                attempt("m@crag.test", "wrong-password-guess", ATTACKER)
            assert attempt("m@crag.test", TEST_PASSWORD, HOLDER)["Location"] == CODE, minute


def test_addresses_in_one_ipv6_64_count_as_one_address(member):
    for n in range(10):
        attempt("m@crag.test", "wrong-password-guess", f"2001:db8:0:1::{n + 1:x}")

    assert attempt("m@crag.test", TEST_PASSWORD, "2001:db8:0:1::99").status_code == 429
    assert attempt("m@crag.test", TEST_PASSWORD, "2001:db8:0:2::1")["Location"] == CODE


def test_without_a_trusted_proxy_a_forged_forwarded_for_does_not_escape_the_lockout(member, settings):
    settings.CRAG_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for n in range(10):
        attempt("m@crag.test", "wrong-password-guess", ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    response = attempt("m@crag.test", TEST_PASSWORD, ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.77")

    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_lockout_counts_the_clients_address(member, settings):
    settings.CRAG_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(10):
        attempt("m@crag.test", "wrong-password-guess", proxy, HTTP_X_FORWARDED_FOR=ATTACKER)

    assert attempt("m@crag.test", TEST_PASSWORD, proxy, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429
    assert attempt("m@crag.test", TEST_PASSWORD, proxy, HTTP_X_FORWARDED_FOR=HOLDER)["Location"] == CODE


def test_the_account_holder_is_emailed_once_in_plain_text(member):
    for _ in range(9):
        attempt("m@crag.test", "wrong-password-guess", ATTACKER)
    assert mail.outbox == []

    for _ in range(5):
        attempt("m@crag.test", "wrong-password-guess", ATTACKER)
    for _ in range(10):
        attempt("m@crag.test", "wrong-password-guess", "203.0.113.10")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["m@crag.test"]
    assert getattr(message, "alternatives", []) == []  # plain text only: no HTML part
    assert "paused for 5 minutes" in message.body
    for leak in ("Morgan", "m@crag.test", ATTACKER, "http", "203.0.113"):
        assert leak not in message.body, leak
        assert leak not in message.subject, leak


def test_wrong_codes_tell_the_holder_that_their_password_is_known(member):
    client = Client(REMOTE_ADDR=ATTACKER)
    client.post(LOGIN, {"login": "m@crag.test", "password": TEST_PASSWORD})
    wrong = f"{(int(totp_code(member)) + 500_000) % 1_000_000:06d}"
    for _ in range(10):
        client.post(CODE, {"code": wrong})

    (message,) = mail.outbox
    assert "someone else may know your password" in message.body


def test_nobody_is_emailed_for_an_account_that_does_not_exist(db):
    for _ in range(12):
        attempt("ghost@crag.test", "wrong-password-guess", ATTACKER)
    assert mail.outbox == []


def test_a_failing_mail_server_does_not_break_the_lockout_page(member, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    statuses = [attempt("m@crag.test", "wrong-password-guess", ATTACKER).status_code for _ in range(10)]
    assert statuses[-1] == 429


def test_a_request_without_an_address_has_none_rather_than_an_error():
    """A sign-in made in code (the test client's force_login) carries no address."""
    from django.http import HttpRequest

    from crag.security import client_address

    assert client_address(HttpRequest()) is None
