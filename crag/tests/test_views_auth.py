import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from conftest import give_totp, totp_code
from crag import roles
from crag.tests.factories import TEST_PASSWORD, AgencyFactory

LOGIN = "/accounts/login/"


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in(sign_in, client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_sign_in_with_email_and_password_reaches_the_dashboard(client, make_user):
    from crag.models import User

    # Addresses are stored in lower case, so people may type theirs in any case.
    user = User.objects.create_user(
        "Member@Example.org", TEST_PASSWORD, full_name="Morgan Member", agency=AgencyFactory()
    )
    user.groups.add(Group.objects.get(name=roles.CRAG_MEMBER))
    assert user.email == "member@example.org"

    give_totp(user)

    response = client.post(LOGIN, {"login": "MEMBER@example.org", "password": TEST_PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(user)}, follow=True)

    assert response.status_code == 200
    assert response.resolver_match.url_name == "dashboard"
    assert response.wsgi_request.user == user


def test_wrong_password_shows_a_plain_english_error_and_signs_nobody_in(client, make_user):
    make_user(roles.CRAG_MEMBER, email="member@example.org")

    response = client.post(LOGIN, {"login": "member@example.org", "password": "not-the-password-at-all"})

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    body = response.content.decode()
    assert "There is a problem" in body
    assert "govuk-error-summary" in body


def test_sign_out_is_a_post_and_ends_the_session(sign_in, client, make_user):
    sign_in(client, make_user(roles.CRAG_MEMBER))

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_public_sign_up_is_closed(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a-long-enough-password-1",
            "password2": "a-long-enough-password-1",
        },
    )
    assert response.status_code == 200
    assert "Sign Up Closed" in response.content.decode() or "closed" in response.content.decode().lower()
    from crag.models import User

    assert not User.objects.filter(email="new@example.org").exists()


def test_password_change_page_is_govuk_styled(sign_in, client, make_user):
    sign_in(client, make_user(roles.BOARD_MEMBER))
    response = client.get(reverse("account_change_password"))
    assert response.status_code == 200
    assert 'class="govuk-input' in response.content.decode()


def test_password_reset_page_is_govuk_styled(client, db):
    response = client.get(reverse("account_reset_password"))
    assert response.status_code == 200
    assert 'class="govuk-input' in response.content.decode()


def test_new_password_shorter_than_15_characters_is_refused(sign_in, client, make_user):
    user = make_user(roles.BOARD_MEMBER)
    sign_in(client, user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": "short-pass-1", "password2": "short-pass-1"},
    )
    assert response.status_code == 200
    assert "at least 15 characters" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)
