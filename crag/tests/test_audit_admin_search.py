"""The admin's audit search answers instead of failing with a 500 (issue 12, item 5d)."""

from datetime import date

import pytest

from crag import roles
from reviews.incidents import services


@pytest.fixture
def admin(client, sign_in, make_user):
    return sign_in(client, make_user(roles.PARTNERSHIP_ADMIN, email="pa@crag.test", full_name="Pat Admin"))


def test_admin_audit_search_finds_entries_by_record_and_by_user(admin):
    admin.post("/admin/crag/agency/add/", {"name": "Wessex Fire", "short_name": "F", "kind": "other"})

    by_record = admin.get("/admin/auditlog/logentry/", {"q": "Wessex Fire"})
    by_user = admin.get("/admin/auditlog/logentry/", {"q": "pa@crag.test"})
    by_name = admin.get("/admin/auditlog/logentry/", {"q": "Pat Admin"})

    for response in (by_record, by_user, by_name):
        assert response.status_code == 200
        assert "Wessex Fire" in response.content.decode()


def test_admin_audit_search_does_not_look_inside_a_childs_identity(admin, make_user):
    services.child_create(
        actor=make_user(roles.CRAG_CHAIR),
        pseudonym="Child A",
        legal_name="Amy Example",
        date_of_birth=date(2015, 3, 3),
    )

    response = admin.get("/admin/auditlog/logentry/", {"q": "Amy Example"})
    assert response.status_code == 200
    assert "Child A" not in response.content.decode()
