"""The audit viewer and the admin's audit pages: a child's identity is withheld (no page shows it
without recording the view) and related records are named (issue 12, items 5e and 14)."""

import csv
import io
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from crag import roles
from crag.models import User
from crag.tests.factories import AgencyFactory
from reviews.incidents import services

IDENTITY = (
    "Amy Example",
    "2015-03-03",
    "3 March 2015",
    "1 Example Street",
    "Known to children's social care",
)


@pytest.fixture
def admin(client, sign_in, make_user):
    return sign_in(client, make_user(roles.PARTNERSHIP_ADMIN, email="pa@crag.test", full_name="Pat Admin"))


@pytest.fixture
def child(make_user):
    chair = make_user(roles.CRAG_CHAIR)
    return services.child_create(
        actor=chair,
        pseudonym="Child A",
        legal_name="Amy Example",
        date_of_birth=date(2015, 3, 3),
        address="1 Example Street",
        case_summary="Known to children's social care",
    )


def child_entry(child):
    return LogEntry.objects.filter(object_repr="Child A").latest("timestamp")


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def assert_no_identity(text):
    for value in IDENTITY:
        assert value not in text, value


def no_new_access_entries(child):
    return not LogEntry.objects.filter(object_repr="Child A", action=LogEntry.Action.ACCESS).exists()


# --- 5e: a child's identity is withheld ----------------------------------------------------------


def test_viewer_withholds_a_childs_identity_and_says_so(admin, child):
    html = admin.get("/audit/").content.decode()

    assert_no_identity(html)
    assert "Child A" in html
    assert "Legal name: none → (withheld)" in html
    assert "Gender: none → Not known" in html  # choices by their label
    assert no_new_access_entries(child)


def test_viewer_csv_withholds_a_childs_identity(admin, child):
    rows = csv_rows(admin.get("/audit/", {"format": "csv"}))

    assert_no_identity(str(rows))
    [row] = [r for r in rows if r[5] == "Child A"]
    assert "Date of birth: none → (withheld)" in row[6]


def test_admin_audit_entry_page_withholds_a_childs_identity(admin, child):
    html = admin.get(f"/admin/auditlog/logentry/{child_entry(child).pk}/change/").content.decode()

    assert_no_identity(html)
    assert "(withheld)" in html
    assert no_new_access_entries(child)


def test_changing_a_childs_identity_shows_that_it_changed_not_what_to(admin, child):
    child.legal_name, child.ethnicity = "Amy Other", "White"
    child.save()

    html = admin.get("/audit/").content.decode()

    assert "Amy Other" not in html
    assert "Legal name: (withheld) → (withheld)" in html
    assert "Ethnicity: none → White" in html


# --- 14: related records by name, in a flat number of queries ------------------------------------


def test_viewer_names_the_related_record_instead_of_its_id(admin, make_user):
    police, health = AgencyFactory(name="Wessex Police"), AgencyFactory(name="Wessex Health")
    member = make_user(roles.CRAG_MEMBER, agency=police)
    member.agency = health
    member.save()

    html = admin.get("/audit/", {"record_id": member.pk}).content.decode()

    assert "Agency: Wessex Police → Wessex Health" in html
    assert f"→ {health.pk}<" not in html


def test_viewer_names_a_deleted_related_record_by_its_id(admin, make_user):
    gone = AgencyFactory(name="Old Agency")
    member = make_user(roles.CRAG_MEMBER, agency=gone)
    member.agency = AgencyFactory(name="New Agency")
    member.save()
    gone_pk = gone.pk
    gone.delete()

    html = admin.get("/audit/", {"record_id": member.pk}).content.decode()

    assert f"Agency: agency {gone_pk} (deleted) → New Agency" in html


def test_viewer_query_count_stays_flat_with_related_records(admin, make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def change_agencies(n):
        for i in range(n):
            member = make_user(roles.CRAG_MEMBER, agency=AgencyFactory(name=f"From {i} {n}"))
            member.agency = AgencyFactory(name=f"To {i} {n}")
            member.save()

    # Users' entries only: the same kinds of related record on both pages (one query per kind).
    users = {"record_type": ContentType.objects.get_for_model(User).pk}
    counts = []
    for n in (2, 20):
        change_agencies(n)
        admin.get("/audit/", users)  # the session is written at most once a minute: not in the count
        with CaptureQueriesContext(connection) as captured:
            assert admin.get("/audit/", users).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1], counts


def test_viewer_withholds_an_incidents_summary_like_a_childs_identity(admin, child, make_user):
    """An incident's summary says what happened to a named child: restricted like their identity."""
    services.incident_create(
        actor=make_user(roles.CRAG_CHAIR),
        kind="serious_harm",
        incident_date=date(2026, 3, 1),
        aware_date=date(2026, 3, 2),
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[child],
        summary="Found by a neighbour at 1 Example Street",
    )

    html = admin.get("/audit/").content.decode()
    rows = csv_rows(admin.get("/audit/", {"format": "csv"}))

    assert "Found by a neighbour" not in html
    assert "Found by a neighbour" not in "".join(",".join(row) for row in rows)
    assert "Summary: none → (withheld)" in html or "Summary: (withheld)" in html
