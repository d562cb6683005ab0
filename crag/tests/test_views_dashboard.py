import pytest

from conftest import queries_for
from crag import roles
from crag.tests.factories import AgencyFactory

EXPECTED_PANELS = {
    roles.PARTNERSHIP_ADMIN: {
        "panel-notifications",
        "rapid-reviews",
        "sign-off",
        "reviews",
        "past-target",
        "paused",
        "agency-returns",
        "referrals-awaiting",
        "next-meeting",
        "administration",
    },
    roles.CRAG_CHAIR: {
        "panel-notifications",
        "rapid-reviews",
        "sign-off",
        "reviews",
        "past-target",
        "paused",
        "agency-returns",
        "referrals-awaiting",
        "next-meeting",
    },
    roles.CRAG_MEMBER: {
        "panel-notifications",
        "rapid-reviews",
        "sign-off",
        "reviews",
        "past-target",
        "paused",
        "agency-returns",
        "referrals-awaiting",
        "next-meeting",
    },
    roles.INDEPENDENT_REVIEWER: {"my-reviews", "agency-referrals"},
    roles.BUSINESS_GROUP: {"action-plans", "rag-summary", "agency-referrals"},
    roles.AGENCY_ACTION_LEAD: {
        "agency-actions",
        "agency-returns-owed",
        "agency-referrals",
        "agency-resources-sent",
    },
    roles.BOARD_MEMBER: {"published", "agency-referrals"},
}


def panels_on(html: str) -> set[str]:
    import re

    return set(re.findall(r'data-panel="([^"]+)"', html))


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_dashboard_shows_each_role_its_own_panels_with_empty_states(sign_in, client, make_user, role):
    sign_in(client, make_user(role, agency=AgencyFactory(name="Wessex Police")))

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert panels_on(html) == EXPECTED_PANELS[role]
    assert "Wessex Police" in html
    # Nothing exists yet, so every panel says what will appear there.
    assert "will appear here" in html


def test_dashboard_for_a_user_without_role_says_how_to_get_one(sign_in, client, make_user):
    sign_in(client, make_user())
    html = client.get("/").content.decode()
    assert panels_on(html) == set()
    assert "Ask a Partnership admin" in html


@pytest.mark.parametrize(
    ("role", "sees_admin_link"),
    [(roles.PARTNERSHIP_ADMIN, True), (roles.CRAG_CHAIR, False), (roles.BOARD_MEMBER, False)],
)
def test_navigation_offers_the_admin_site_only_to_partnership_admins(
    sign_in, client, make_user, role, sees_admin_link
):
    sign_in(client, make_user(role))
    html = client.get("/").content.decode()
    assert ('href="/admin/"' in html) is sees_admin_link


@pytest.mark.parametrize(("role", "status"), [(roles.PARTNERSHIP_ADMIN, 200), (roles.CRAG_CHAIR, 403)])
def test_admin_site_is_for_partnership_admins_only(sign_in, client, make_user, role, status):
    sign_in(client, make_user(role, is_staff=True))
    assert client.get("/admin/").status_code == status


def test_dashboard_query_count_does_not_grow_with_users(sign_in, client, make_user):
    sign_in(client, make_user(roles.PARTNERSHIP_ADMIN))
    client.get("/")  # the first request of a session records it; measure a steady one
    few = queries_for(client, "/")
    for _ in range(30):
        make_user(roles.CRAG_MEMBER)
    assert queries_for(client, "/") == few
    assert few <= 24  # two queries a panel: its rows, and what they prefetch


def test_unknown_page_is_a_govuk_404(sign_in, client, make_user):
    sign_in(client, make_user(roles.CRAG_MEMBER))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_partnership_admin_manages_users_and_agencies_in_the_admin_site(sign_in, client, make_user):
    sign_in(client, make_user(roles.PARTNERSHIP_ADMIN))
    for url in (
        "/admin/crag/user/",
        "/admin/crag/agency/",
        "/admin/crag/user/add/",
        "/admin/crag/agency/add/",
    ):
        assert client.get(url).status_code == 200, url
    # Roles are contract names: visible, never renamed or deleted from the admin.
    assert client.get("/admin/auth/group/").status_code == 200
    assert client.get("/admin/auth/group/add/").status_code == 403


def test_admin_sign_in_goes_through_the_service_sign_in_page(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_chair_sees_a_cspr_past_its_six_months_on_the_dashboard(sign_in, client, make_user):
    from datetime import date

    from reviews.models import Review

    review = Review.objects.create(kind="cspr", title="Child Late", decision_on=date(2025, 1, 6))
    sign_in(client, make_user(roles.CRAG_CHAIR))

    html = client.get("/").content.decode()

    assert f'href="/reviews/{review.pk}/"' in html
    assert "Child Late" in html
    assert "Overdue by" in html
