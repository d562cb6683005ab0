"""The subject access export for one child: everything CRAG holds about them, audited."""

import hashlib
import json
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from crag import roles
from crag.models import AuditEvent
from reviews.retention import holds
from reviews.tests.factories import (
    ChildFactory,
    IncidentFactory,
    RapidReviewFactory,
    ReviewDocumentFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(make_user):
    child = ChildFactory.create(legal_name="Sam Subject", address="2 Low Road")
    other = ChildFactory.create(legal_name="Olly Other")
    rapid_review = RapidReviewFactory.create(
        incident=IncidentFactory.create(children=[child], summary="Sam fell")
    )
    review = ReviewFactory.create(rapid_review=rapid_review, children=[child])
    ReviewDocumentFactory.create(review=review, original_name="minutes.txt")
    ReviewFactory.create(children=[other], title="Someone else's review")
    holds.hold_place(actor=make_user(roles.PARTNERSHIP_ADMIN), reason="inquest", detail="x", child=child)
    return child


def export(child_id: int, path: object, by: str) -> str:
    out = StringIO()
    call_command("subject_access", str(child_id), "--output", str(path), "--by", by, stdout=out)
    return out.getvalue()


def test_the_export_holds_everything_about_the_child_and_nothing_about_others(child, make_user, tmp_path):
    admin = make_user(roles.PARTNERSHIP_ADMIN, email="pa@crag.test")
    path = tmp_path / "sar.zip"
    export(child.pk, path, "pa@crag.test")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert {"child.json", "incidents.json", "reviews.json", "holds.json", "audit.json"} <= names
        assert json.loads(archive.read("child.json"))["legal_name"] == "Sam Subject"
        incidents = json.loads(archive.read("incidents.json"))
        assert incidents[0]["incident"]["summary"] == "Sam fell"
        assert incidents[0]["rapid_review"] is not None
        reviews = archive.read("reviews.json").decode()
        assert "Someone else" not in reviews
        assert "Olly Other" not in "".join(archive.read(n).decode() for n in names if n.endswith(".json"))
        documents = [n for n in names if n.startswith("documents/")]
        assert len(documents) == 1
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest[documents[0]] == hashlib.sha256(archive.read(documents[0])).hexdigest()
        assert (
            "Created" in archive.read("audit.json").decode()
            or "create" in archive.read("audit.json").decode()
        )
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORT)
    assert event.actor == admin
    assert event.detail["child"] == child.pk
    assert event.detail["what"] == "subject access export"


def test_only_a_partnership_admin_may_export(child, make_user, tmp_path):
    make_user(roles.CRAG_MEMBER, email="member@crag.test")
    with pytest.raises(CommandError):
        export(child.pk, tmp_path / "sar.zip", "member@crag.test")
    assert not (tmp_path / "sar.zip").exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT).exists()


def test_a_partnership_admin_downloads_the_export_from_the_child_admin(child, client, make_user, sign_in):
    admin = make_user(roles.PARTNERSHIP_ADMIN)
    sign_in(client, admin)
    response = client.post(
        "/admin/reviews/child/", {"action": "export_subject_access", "_selected_action": [child.pk]}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORT).actor == admin
