"""Who reaches the Django admin site: Partnership admins; everybody else signed in gets the 403
page, not an endless round of redirects between the admin's sign-in and the service's (issue 12)."""

import pytest

from crag import roles

REFUSED = "You do not have permission to see this page"


@pytest.mark.parametrize("url", ["/admin/", "/admin/crag/user/", "/admin/login/", "/admin/no-such-page/"])
def test_a_signed_in_user_who_is_not_an_admin_gets_the_403_page(client, make_user, sign_in, url):
    sign_in(client, make_user(roles.CRAG_CHAIR))

    response = client.get(url, follow=True)

    assert response.status_code == 403
    assert response.redirect_chain == []
    assert REFUSED in response.content.decode()


def test_a_staff_member_without_the_admin_role_is_refused_too(client, make_user, sign_in):
    sign_in(client, make_user(roles.CRAG_MEMBER, is_staff=True))
    assert client.get("/admin/", follow=True).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_services_sign_in(client, db):
    response = client.get("/admin/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2F"


def test_a_partnership_admin_reaches_the_admin_site(client, make_user, sign_in):
    sign_in(client, make_user(roles.PARTNERSHIP_ADMIN))
    assert client.get("/admin/").status_code == 200
