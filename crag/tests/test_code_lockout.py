"""Wrong authenticator codes count toward the sign-in lockout, like wrong passwords (issue 12).

Someone who has stolen a password must not be able to try codes without limit: each wrong code
is a failed sign-in for django-axes, and allauth's own limit on code checks stays on.
"""

import pytest
from django.test import Client

from conftest import give_totp, totp_code
from crag import roles
from crag.models import AuditEvent
from crag.tests.factories import TEST_PASSWORD

LOGIN = "/accounts/login/"
CODE = "/accounts/2fa/authenticate/"


def password_step(client, email, password=TEST_PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def wrong_code(user):
    """A six-digit code that is not the current one (nor, but for a one-in-a-million chance, a
    neighbouring step's)."""
    return f"{(int(totp_code(user)) + 500_000) % 1_000_000:06d}"


@pytest.fixture
def member(make_user):
    user = make_user(roles.CRAG_MEMBER, email="m@crag.test")
    give_totp(user)
    return user


def test_ten_wrong_codes_lock_the_sign_in_and_then_even_the_right_code_fails(client, member):
    assert password_step(client, "m@crag.test")["Location"] == CODE

    statuses = [client.post(CODE, {"code": wrong_code(member)}).status_code for _ in range(10)]
    response = client.post(CODE, {"code": totp_code(member)})

    assert statuses == [200] * 9 + [429]
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated
    assert AuditEvent.objects.filter(kind="locked_out", identifier="m@crag.test").exists()


def test_wrong_codes_and_wrong_passwords_share_one_count(client, member):
    for _ in range(5):
        password_step(client, "m@crag.test", "wrong-password-guess")
    password_step(client, "m@crag.test")
    statuses = [client.post(CODE, {"code": wrong_code(member)}).status_code for _ in range(5)]

    assert statuses == [200] * 4 + [429]
    # Starting again in a fresh browser, the password step is refused too.
    assert password_step(Client(), "m@crag.test").status_code == 429


def test_nine_wrong_codes_then_the_right_one_signs_in_and_clears_the_count(client, member):
    password_step(client, "m@crag.test")
    for _ in range(9):
        client.post(CODE, {"code": wrong_code(member)})

    assert client.post(CODE, {"code": totp_code(member)})["Location"] == "/"

    client.post("/accounts/logout/")
    for _ in range(9):
        password_step(client, "m@crag.test", "wrong-password-guess")
    assert password_step(client, "m@crag.test")["Location"] == CODE


def test_allauth_still_limits_code_checks_by_itself(client, member, settings):
    """With django-axes switched off, allauth's own limit on failed sign-ins still stops codes."""
    settings.AXES_ENABLED = False
    password_step(client, "m@crag.test")
    for _ in range(20):
        assert client.post(CODE, {"code": wrong_code(member)}).status_code == 200

    response = client.post(CODE, {"code": totp_code(member)})

    assert "Too many failed login attempts" in response.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_allauth_limits_failed_passwords_from_one_address_across_accounts(client, make_user):
    """Password spraying: one wrong guess at each of twenty accounts, then the address waits."""
    for n in range(20):
        password_step(client, f"person{n}@crag.test", "wrong-password-guess")
    make_user(roles.CRAG_MEMBER, email="m@crag.test")

    response = password_step(client, "m@crag.test")

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()


def test_allauth_limits_failed_passwords_per_account_from_several_addresses(client, member, settings):
    settings.AXES_ENABLED = False
    for address in ("203.0.113.1", "203.0.113.2"):
        for _ in range(15):
            client.post(LOGIN, {"login": "m@crag.test", "password": "wrong"}, REMOTE_ADDR=address)

    response = client.post(
        LOGIN, {"login": "m@crag.test", "password": TEST_PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
