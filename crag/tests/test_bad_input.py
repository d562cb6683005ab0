"""Bad input gets a clear answer and changes nothing (issue 3, items 6 and 7)."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import give_totp
from crag import roles
from crag.models import AuditEvent, User
from crag.tests.factories import TEST_PASSWORD

# Text as a browser (or an attacker with curl) might send it: any characters, odd lengths.
field_text = st.text(max_size=300) | st.sampled_from(
    ["", " ", "'; DROP TABLE crag_user; --", "<script>x</script>", "\x00"]
)
examples = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@examples
@given(login=field_text, password=field_text, extra=field_text)
def test_sign_in_form_never_errors_and_signs_nobody_in(make_user, login, password, extra):
    user = make_user(roles.CRAG_MEMBER)
    give_totp(user)
    client = Client()
    response = client.post("/accounts/login/", {"login": login, "password": password, "is_staff": extra})
    assert response.status_code in (200, 302, 429)
    if response.status_code == 302:
        assert response["Location"] != "/"
    assert not client.session.get("_auth_user_id")


@examples
@given(old=field_text, new1=field_text, new2=field_text)
def test_password_change_form_never_errors_and_keeps_the_password_unless_valid(
    make_user, sign_in, old, new1, new2
):
    user = make_user(roles.CRAG_MEMBER)
    client = sign_in(Client(), user)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": old, "password1": new1, "password2": new2, "is_superuser": "on"},
    )
    assert response.status_code in (200, 302)
    user.refresh_from_db()
    assert not user.is_superuser
    if response.status_code == 200:
        assert user.check_password(TEST_PASSWORD)


@examples
@given(code=field_text)
def test_second_factor_form_never_errors_and_accepts_no_wrong_code(make_user, code):
    user = make_user(roles.CRAG_MEMBER)  # a new account per example: lockouts do not carry over
    give_totp(user)
    client = Client()
    client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code in (200, 302, 429)
    assert client.get("/").status_code == 302  # still not signed in


@examples
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "user",
                "action",
                "record_type",
                "record_id",
                "date_from",
                "date_to",
                "sort",
                "page",
                "kind",
                "identifier",
                "format",
            ]
        ),
        field_text,
        max_size=6,
    )
)
def test_audit_filters_never_error(make_user, sign_in, params):
    client = sign_in(Client(), make_user(roles.PARTNERSHIP_ADMIN))
    params = {k: v.replace("\x00", "") for k, v in params.items()}
    for url in ("/audit/", "/audit/events/"):
        response = client.get(url, params)
        assert response.status_code == 200


@examples
@given(password=field_text, name=field_text, email=field_text)
def test_admin_user_form_saves_nothing_invalid(make_user, sign_in, password, name, email):
    client = sign_in(Client(), make_user(roles.PARTNERSHIP_ADMIN))
    before = User.objects.count()
    response = client.post(
        "/admin/crag/user/add/",
        {
            "email": email,
            "full_name": name,
            "usable_password": "true",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 200  # no agency chosen: always invalid, shown again
    assert User.objects.count() == before


def test_admin_ignores_fields_that_are_not_on_the_form(client, make_user, sign_in):
    sign_in(client, make_user(roles.PARTNERSHIP_ADMIN))
    member = make_user(roles.CRAG_MEMBER)
    data = {
        "email": member.email,
        "full_name": "New Name",
        "agency": member.agency_id,
        "is_active": "on",
        "groups": [g.pk for g in member.groups.all()],
        # Not on the form: must be ignored.
        "is_superuser": "on",
        "password": "plain-text-injected",
        "date_joined": "2000-01-01 00:00",
    }
    response = client.post(f"/admin/crag/user/{member.pk}/change/", data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.full_name == "New Name"
    assert not member.is_superuser
    assert member.check_password(TEST_PASSWORD)
    assert member.date_joined.year != 2000


@pytest.mark.parametrize("field", ["kind", "identifier"])
def test_audit_events_cannot_be_posted(client, make_user, sign_in, field):
    sign_in(client, make_user(roles.PARTNERSHIP_ADMIN))
    before = AuditEvent.objects.count()
    assert client.post("/audit/events/", {field: "export"}).status_code == 405
    assert AuditEvent.objects.count() == before
