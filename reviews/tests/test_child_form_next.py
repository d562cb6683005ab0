"""Recording a child goes on to where the form was opened from, but only within this service."""

import pytest

from crag import roles
from reviews.models import Child

CHILD = {
    "pseudonym": "Child Q",
    "gender": "not_known",
    "child_protection_plan": "unknown",
    "child_in_need_plan": "unknown",
}


@pytest.fixture
def member_client(client, sign_in, make_user):
    return sign_in(client, make_user(roles.CRAG_MEMBER))


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example",
        "//evil.example/incidents/new/",
        "http://evil.example/incidents/new/",
        "/\\evil.example",
        "javascript:alert(1)",
    ],
)
def test_recording_a_child_never_redirects_off_site_through_next(member_client, next_url):
    response = member_client.post(f"/children/new/?next={next_url}", CHILD)

    assert response.status_code == 302
    assert response["Location"] == "/incidents/new/"
    assert Child.objects.filter(pseudonym="Child Q").exists()


def test_recording_a_child_returns_to_a_page_of_this_service_named_in_next(member_client):
    response = member_client.post("/children/new/?next=/incidents/", CHILD)

    assert response.status_code == 302
    assert response["Location"] == "/incidents/"
