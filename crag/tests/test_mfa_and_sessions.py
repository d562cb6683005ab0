"""Second factor, password reset, session lifetime (issue 3: MFA and sessions)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import give_totp, totp_code
from crag import roles
from crag.models import User
from crag.tests.factories import TEST_PASSWORD

LOGIN = "/accounts/login/"


def password_step(client, email, password=TEST_PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def test_password_alone_does_not_sign_in_a_user_who_has_an_authenticator(client, make_user):
    user = make_user(roles.CRAG_MEMBER, email="m@crag.test")
    give_totp(user)

    response = password_step(client, "m@crag.test")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert not client.get("/").wsgi_request.user.is_authenticated
    assert client.get("/").status_code == 302


def test_password_and_code_sign_in(client, make_user):
    user = make_user(roles.CRAG_MEMBER, email="m@crag.test")
    give_totp(user)
    password_step(client, "m@crag.test")

    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(user)})

    assert response.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("url", ["/", "/account/", "/admin/", "/audit/", "/accounts/password/change/"])
def test_password_only_session_without_authenticator_reaches_only_the_mfa_set_up(client, make_user, url):
    make_user(roles.PARTNERSHIP_ADMIN, email="a@crag.test")
    password_step(client, "a@crag.test")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200


def test_a_session_that_skipped_the_second_factor_is_ended(client, make_user):
    user = make_user(roles.CRAG_CHAIR)
    give_totp(user)
    client.force_login(user)  # a session with no record of the second factor

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not Session.objects.exists() or client.get("/").status_code == 302


def test_mfa_off_outside_debug_is_a_system_check_error(settings):
    settings.CRAG_REQUIRE_MFA = False
    settings.DEBUG = False
    with pytest.raises(SystemCheckError, match=r"crag\.E001"):
        call_command("check")


def test_password_reset_never_signs_in_nor_skips_the_second_factor(client, make_user):
    user = make_user(roles.CRAG_MEMBER, email="m@crag.test")
    give_totp(user)
    new_password = "a-brand-new-long-passphrase"

    client.post("/accounts/password/reset/", {"email": "m@crag.test"})
    found = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", str(mail.outbox[0].body))
    assert found is not None
    link = found.group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"password1": new_password, "password2": new_password})

    assert response.status_code == 302
    assert not client.get("/").wsgi_request.user.is_authenticated
    user.refresh_from_db()
    assert user.check_password(new_password)
    # Signing in with the new password still asks for the code.
    assert password_step(client, "m@crag.test", new_password)["Location"] == "/accounts/2fa/authenticate/"


def test_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody@crag.test"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert all("nobody@crag.test" not in m.to for m in mail.outbox if "reset" in m.body.lower())


def test_sign_in_gives_a_new_session_id(client, make_user):
    user = make_user(roles.CRAG_MEMBER, email="m@crag.test")
    give_totp(user)
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key

    password_step(client, "m@crag.test")
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(user)})

    assert client.session.session_key != before


def test_idle_timeout_is_thirty_minutes_renewed_by_activity(client, make_user, sign_in):
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    sign_in(client, make_user(roles.CRAG_MEMBER))
    start = timezone.now()
    # A request every 25 minutes keeps the session; reading twice within a minute writes once.
    for minutes in (0, 25, 50, 75):
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert client.get("/").status_code == 200, minutes
    with (
        time_machine.travel(start + timedelta(minutes=75, seconds=30)),
        CaptureQueriesContext(connection) as queries,
    ):
        assert client.get("/").status_code == 200
    assert not any(q["sql"].startswith("UPDATE") for q in queries.captured_queries)


def test_idle_session_expires_on_the_server(client, make_user, sign_in):
    sign_in(client, make_user(roles.CRAG_MEMBER))
    assert client.get("/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert client.get("/").status_code == 302


def test_active_session_ends_twelve_hours_after_sign_in(client, make_user, sign_in):
    sign_in(client, make_user(roles.CRAG_MEMBER))
    start = timezone.now()
    # Active every 20 minutes, so never idle.
    for minutes in range(20, 12 * 60, 20):
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert client.get("/").status_code == 200, minutes
    with time_machine.travel(start + timedelta(hours=12, minutes=5)):
        response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_sign_out_deletes_the_session_on_the_server(client, make_user, sign_in):
    sign_in(client, make_user(roles.CRAG_MEMBER))
    key = client.session.session_key
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()


def test_deactivating_a_user_in_the_admin_ends_their_sessions(client, make_user, sign_in):
    from django.test import Client

    member = make_user(roles.CRAG_MEMBER)
    member_client = sign_in(Client(), member)
    assert member_client.get("/").status_code == 200
    admin = sign_in(client, make_user(roles.PARTNERSHIP_ADMIN))

    page = admin.get(f"/admin/crag/user/{member.pk}/change/")
    assert page.status_code == 200
    data = {
        "email": member.email,
        "full_name": member.full_name,
        "agency": member.agency_id,
        "groups": [g.pk for g in member.groups.all()],
        "is_staff": "",
        # is_active left out: unticked
    }
    response = admin.post(f"/admin/crag/user/{member.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    member.refresh_from_db()
    assert not member.is_active
    assert member_client.get("/").status_code == 302


def test_admin_can_end_all_sessions_of_a_user(client, make_user, sign_in):
    from django.test import Client

    member = make_user(roles.CRAG_MEMBER)
    phone, laptop = sign_in(Client(), member), sign_in(Client(), member)
    assert phone.get("/").status_code == 200
    assert laptop.get("/").status_code == 200
    admin = sign_in(client, make_user(roles.PARTNERSHIP_ADMIN))

    response = admin.post(
        "/admin/crag/user/", {"action": "end_sessions", "_selected_action": [member.pk]}, follow=True
    )

    assert "Ended 2 sessions" in response.content.decode()
    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 302
    assert User.objects.get(pk=member.pk).is_active
