"""The S-CRT export (issue 20): exactly its documented columns, never a child's identity, and the
review's health details edited with the version check."""

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import Client

from crag import roles
from crag.models import AuditEvent
from reviews.models import Review
from reviews.scrt import export
from reviews.scrt.services import review_health_update
from reviews.tests.factories import (
    ChildFactory,
    IncidentFactory,
    LearningEventFactory,
    LearningResourceFactory,
    RapidReviewFactory,
    ReviewFactory,
)
from reviews.tests.factories_impact import DisseminationFactory
from reviews.tests.factories_meetings import ReferralFactory

DOC = Path(settings.BASE_DIR) / "docs" / "scrt-export.md"


def documented_columns() -> list[str]:
    """The first cell of each row of the documentation's column table, in order."""
    text = DOC.read_text(encoding="utf-8")
    table = text.split("## Columns", 1)[1]
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    return [row.split("|")[1].strip() for row in rows[1:] if not re.fullmatch(r"\|[-| ]+\|", row)]


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


@pytest.fixture
def chair_client(chair, sign_in):
    return sign_in(Client(), chair)


def download(client, **query):
    response = client.get("/reviews/scrt.csv", query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return text, list(csv.DictReader(io.StringIO(text)))


def test_header_is_exactly_the_documented_columns(db, chair_client):
    text, _ = download(chair_client)
    header = next(csv.reader(io.StringIO(text)))

    assert documented_columns() == list(export.HEADER)
    assert header == list(export.HEADER)
    assert len(set(header)) == len(header) == len(export.COLUMNS)


def test_no_childs_identity_is_ever_in_it(db, chair_client, themes):
    child = ChildFactory(
        pseudonym="Child Q",
        legal_name="Zebediah Quillfeather",
        date_of_birth=date(2019, 7, 23),
        address="17 Marigold Crescent, Wessex",
        ethnicity="Distinctive-ethnicity-marker",
        case_summary="Summary-marker-text",
    )
    incident = IncidentFactory(children=[child])
    review = ReviewFactory(
        title="Child Q", children=[child], rapid_review=RapidReviewFactory(incident=incident)
    )
    RapidReviewFactory(incident=IncidentFactory(children=[child]))  # led to no review: its own row

    text, rows = download(chair_client)

    assert len(rows) == 2
    assert rows[0]["Case name"] == review.title
    for identity in (
        "Zebediah",
        "Quillfeather",
        "2019-07-23",
        "23/07/2019",
        "Marigold",
        "Distinctive-ethnicity",
        "Summary-marker",
    ):
        assert identity not in text


def test_converted_rapid_review_open_and_closed_and_partnership(db, chair, chair_client, settings):
    settings.CRAG_PARTNERSHIP_NAME = "Wessex Safeguarding Children Partnership"
    incident = IncidentFactory(reference="INC-2025-007", incident_date=date(2025, 1, 3))
    ReferralFactory(incident=incident, referred_on=date(2025, 1, 4))
    ReviewFactory(title="Child C", rapid_review=RapidReviewFactory(incident=incident), status="in_progress")
    ReviewFactory(
        title="Child P",
        kind="local",
        status="published",
        published_on=date(2025, 9, 1),
        publication_url="https://example.org/child-p",
    )
    ReviewFactory(title="Child S", signed_off_on=date(2025, 8, 1), status="signed_off")
    RapidReviewFactory(
        incident=IncidentFactory(reference="INC-2025-009"),
        outcome="no_further_review",
        sent_to_panel_on=date(2025, 2, 1),
    )

    _, rows = download(chair_client)
    by_name = {row["Case name"]: row for row in rows}

    converted = by_name["Child C"]
    assert converted["Type of review"] == "Converted from Rapid Review: Child Safeguarding Practice Review"
    assert (converted["Local reference"], converted["Incident date"]) == ("INC-2025-007", "2025-01-03")
    assert converted["Date added"] == "2025-01-04"  # the referral's date
    assert converted["Open or closed"] == "Open"
    assert converted["Safeguarding partnership"] == "Wessex Safeguarding Children Partnership"
    assert by_name["Child P"]["Open or closed"] == "Closed"
    assert by_name["Child P"]["Publication link"] == "https://example.org/child-p"
    assert by_name["Child S"]["Open or closed"] == "Closed"
    rapid = by_name["Rapid Review INC-2025-009"]
    assert (rapid["Type of review"], rapid["Open or closed"], rapid["Stage"]) == (
        "Rapid Review",
        "Closed",
        "No further review",
    )
    _, closed = download(chair_client, status="Closed")
    assert {row["Case name"] for row in closed} == {"Child P", "Child S", "Rapid Review INC-2025-009"}
    _, none = download(chair_client, year="2019")
    assert none == []


def test_learning_disseminated_names_resources_with_agencies_reached_and_events(db, chair_client, themes):
    review = ReviewFactory(title="Child L")
    briefing = LearningResourceFactory(kind="seven_minute_guide", title="Safe sleep", reviews=[review])
    for _ in range(3):
        DisseminationFactory(resource=briefing)
    LearningEventFactory(
        kind="workshop", title="Bruising in babies", held_on=date(2025, 10, 7), reviews=[review]
    )

    _, rows = download(chair_client)

    assert rows[0]["Learning disseminated"] == (
        "7-minute guide: Safe sleep (sent to 3 agencies); Workshop: Bruising in babies (7 October 2025)"
    )


def test_health_details_go_into_the_export_and_download_is_audited(db, chair, chair_client):
    review = ReviewFactory(title="Child H")
    response = chair_client.post(
        f"/reviews/{review.pk}/health/",
        {
            "steis_number": " 2025/12345 ",
            "designated_professional": "Designated Nurse A",
            "health_organisations": "Wessex Hospitals Trust\n\nHarbour GP Practice",
            "version": "1",
        },
    )
    assert response.status_code == 302

    _, rows = download(chair_client)

    assert rows[0]["StEIS number"] == "2025/12345"
    assert rows[0]["Designated professional"] == "Designated Nurse A"
    assert rows[0]["NHS organisations involved"] == "Wessex Hospitals Trust; Harbour GP Practice"
    assert AuditEvent.objects.filter(kind="export", detail__what="S-CRT export", detail__rows=1).exists()


def test_health_form_read_before_another_save_changes_nothing(db, chair, chair_client):
    review = ReviewFactory(title="Child V")
    review_health_update(
        actor=chair,
        review=review,
        steis_number="2025/1",
        designated_professional="First",
        health_organisations="",
    )
    response = chair_client.post(
        f"/reviews/{review.pk}/health/",
        {
            "steis_number": "2025/2",
            "designated_professional": "Second",
            "health_organisations": "",
            "version": "1",
        },
    )
    assert response.status_code == 409  # the conflict page shows both values
    assert Review.objects.get(pk=review.pk).steis_number == "2025/1"


def test_only_crag_exports_or_edits_health_details(db, make_user, sign_in):
    business = make_user(roles.BUSINESS_GROUP)
    review = ReviewFactory()
    client = sign_in(Client(), business)
    assert client.get("/reviews/scrt/").status_code == 403
    assert client.get("/reviews/scrt.csv").status_code == 403
    assert client.get(f"/reviews/{review.pk}/health/").status_code == 403
    with pytest.raises(PermissionDenied):
        export.scrt_rows(user=business)


def test_page_explains_every_column_and_counts_rows(db, chair_client):
    ReviewFactory()
    page = chair_client.get("/reviews/scrt/", {"status": "Open"})
    assert page.status_code == 200
    content = page.content.decode()
    assert all(column.name in content for column in export.COLUMNS)
    assert "1 row matches" in content


def test_export_queries_stay_flat_as_reviews_grow(db, chair_client, django_assert_max_num_queries, themes):
    def add(n):
        for _ in range(n):
            review = ReviewFactory(rapid_review=RapidReviewFactory())
            LearningResourceFactory(reviews=[review])
            LearningEventFactory(reviews=[review])
            RapidReviewFactory()

    add(2)
    with django_assert_max_num_queries(30) as few:
        download(chair_client)
    add(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _, rows = download(chair_client)
    assert len(rows) == 34


@pytest.mark.django_db
def test_the_reviews_list_offers_the_export_to_crag_only(chair_client, make_user, sign_in):
    link = 'href="/reviews/scrt/"'
    assert link in chair_client.get("/reviews/").content.decode()
    business = sign_in(Client(), make_user(roles.BUSINESS_GROUP))
    page = business.get("/reviews/")
    assert page.status_code == 200
    assert link not in page.content.decode()
