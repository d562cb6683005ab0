"""The chronology pages: an agency sees only its own rows; the merged chronology is CRAG's and the
review's own reviewer's (pseudonymised); its downloads hold every row in date order."""

import csv
import io
from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook, load_workbook

from crag import roles
from reviews.choices import ContributionKind, ContributionStatus, DatePrecision
from reviews.contributions import chronology_sheet
from reviews.models import ChronologyEntry
from reviews.tests.factories import ChildFactory, ReviewFactory
from reviews.tests.factories_contributions import ChronologyEntryFactory, ContributionRequestFactory

pytestmark = pytest.mark.django_db
SUBMITTED = {"status": ContributionStatus.SUBMITTED, "submitted_on": date(2025, 1, 15)}


@pytest.fixture
def lead(make_user):
    return make_user(roles.AGENCY_ACTION_LEAD)


@pytest.fixture
def review():
    made = ReviewFactory(rapid_review=None)
    made.children.add(ChildFactory(pseudonym="Child Q", legal_name="Jolene Quartermaine"))
    return made


def chronology_for(review, **fields):
    return ContributionRequestFactory(
        rapid_review=None, review=review, kind=ContributionKind.CHRONOLOGY, **fields
    )


@pytest.mark.parametrize("suffix", ["", "add/", "template.xlsx", "upload/"])
def test_lead_never_opens_another_agencys_chronology(client, sign_in, lead, suffix):
    other = ContributionRequestFactory(kind=ContributionKind.CHRONOLOGY)
    sign_in(client, lead)
    assert client.get(f"/contributions/{other.pk}/chronology/{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["edit/", "delete/"])
def test_lead_never_changes_another_agencys_entry(client, sign_in, lead, suffix):
    entry = ChronologyEntryFactory()
    sign_in(client, lead)
    assert client.get(f"/contributions/{entry.request_id}/chronology/{entry.pk}/{suffix}").status_code == 404
    assert client.post(f"/contributions/{entry.request_id}/chronology/{entry.pk}/{suffix}").status_code == 404
    assert ChronologyEntry.objects.filter(pk=entry.pk).exists()


def test_lead_sees_own_rows_and_deletes_one_after_confirming(client, sign_in, lead):
    entry = ChronologyEntryFactory(request__agency=lead.agency, what_happened="Missed appointment")
    sign_in(client, lead)
    page = client.get(f"/contributions/{entry.request_id}/chronology/")
    assert b"Missed appointment" in page.content
    url = f"/contributions/{entry.request_id}/chronology/{entry.pk}/delete/"
    assert b"Are you sure" in client.get(url).content
    assert ChronologyEntry.objects.filter(pk=entry.pk).exists()
    assert client.post(url).status_code == 302
    assert not ChronologyEntry.objects.filter(pk=entry.pk).exists()


def test_upload_page_lists_each_problem_and_saves_nothing(client, sign_in, lead):
    own = ContributionRequestFactory(agency=lead.agency, kind=ContributionKind.CHRONOLOGY)
    book = Workbook()
    book.active.append(list(chronology_sheet.HEADINGS))
    book.active.append(["03/03/2024", "", "", "", "No source", ""])
    book.active.append(["someday", "", "", "GP", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    sign_in(client, lead)
    page = client.post(
        f"/contributions/{own.pk}/chronology/upload/",
        {"file": SimpleUploadedFile("c.xlsx", buffer.getvalue())},
    )
    text = page.content.decode()
    assert "Row 2, column &#x27;Source&#x27;" in text
    assert "Row 3, column &#x27;Date&#x27;" in text
    assert "Row 3, column &#x27;What happened&#x27;" in text
    assert not ChronologyEntry.objects.filter(request_id=own.pk).exists()


def test_merged_chronology_is_not_for_action_leads(client, sign_in, lead, review):
    entry = ChronologyEntryFactory(request=chronology_for(review, agency=lead.agency, **SUBMITTED))
    sign_in(client, lead)
    assert client.get(f"/reviews/{review.pk}/chronology/").status_code == 404
    incident = entry.request.review.pk
    assert client.get(f"/reviews/{incident}/chronology/export.docx").status_code == 404


def test_reviewer_sees_own_reviews_chronology_pseudonymised(client, sign_in, make_user, review):
    reviewer = make_user(roles.INDEPENDENT_REVIEWER)
    review.reviewer = reviewer
    review.save()
    ChronologyEntryFactory(request=chronology_for(review, **SUBMITTED), what_happened="Home visit")
    sign_in(client, reviewer)
    page = client.get(f"/reviews/{review.pk}/chronology/")
    assert page.status_code == 200
    assert b"Home visit" in page.content
    assert b"Child Q" in page.content
    assert b"Jolene" not in page.content
    assert b"Quartermaine" not in page.content


def test_another_reviewer_gets_404(client, sign_in, make_user, review):
    review.reviewer = make_user(roles.INDEPENDENT_REVIEWER)
    review.save()
    sign_in(client, make_user(roles.INDEPENDENT_REVIEWER))
    assert client.get(f"/reviews/{review.pk}/chronology/").status_code == 404


def test_merged_page_shows_only_submitted_rows_and_counts_the_rest(client, sign_in, make_user, review):
    ChronologyEntryFactory(request=chronology_for(review, **SUBMITTED), what_happened="Submitted row")
    ChronologyEntryFactory(request=chronology_for(review), what_happened="Draft row")
    sign_in(client, make_user(roles.CRAG_CHAIR))
    text = client.get(f"/reviews/{review.pk}/chronology/").content.decode()
    assert "Submitted row" in text
    assert "Draft row" not in text
    assert "1 agency&#x27;s chronology is still outstanding" in text


def test_merged_page_filters_key_episodes_and_dates(client, sign_in, make_user, review):
    request = chronology_for(review, **SUBMITTED)
    ChronologyEntryFactory(request=request, occurred_on=date(2024, 1, 5), what_happened="January visit")
    ChronologyEntryFactory(
        request=request, occurred_on=date(2024, 6, 5), what_happened="June visit", key_practice_episode=True
    )
    sign_in(client, make_user(roles.CRAG_CHAIR))
    url = f"/reviews/{review.pk}/chronology/"
    text = client.get(url, {"key_only": "on"}).content.decode()
    assert "June visit" in text
    assert "January visit" not in text
    text = client.get(url, {"date_to_0": "31", "date_to_1": "3", "date_to_2": "2024"}).content.decode()
    assert "January visit" in text
    assert "June visit" not in text


def _merged_rows(review):
    """Three agencies' rows out of order, with month and approximate dates."""
    made = []
    for name, day, precision, at in (
        ("Police", date(2024, 3, 9), DatePrecision.APPROXIMATE, None),
        ("Health", date(2024, 3, 1), DatePrecision.MONTH, None),
        ("Education", date(2024, 3, 9), DatePrecision.EXACT, time(8, 30)),
    ):
        request = chronology_for(review, agency__name=name, **SUBMITTED)
        made.append(
            ChronologyEntryFactory(request=request, occurred_on=day, precision=precision, occurred_at=at)
        )
    return made


EXPECTED_ORDER = [
    ["March 2024", "", "Health"],
    ["9 March 2024", "08:30", "Education"],
    ["about 9 March 2024", "", "Police"],
]


def test_word_export_holds_every_row_in_date_order(client, sign_in, make_user, review):
    _merged_rows(review)
    sign_in(client, make_user(roles.CRAG_CHAIR))
    response = client.get(f"/reviews/{review.pk}/chronology/export.docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")
    document = Document(io.BytesIO(response.content))
    assert review.title in document.paragraphs[0].text
    table = document.tables[0]
    assert [[c.text for c in row.cells[:3]] for row in table.rows[1:]] == EXPECTED_ORDER


def test_csv_and_xlsx_exports_hold_the_same_rows(client, sign_in, make_user, review):
    _merged_rows(review)
    sign_in(client, make_user(roles.CRAG_CHAIR))
    body = b"".join(client.get(f"/reviews/{review.pk}/chronology/export.csv").streaming_content)
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert [line[:3] for line in lines[1:]] == EXPECTED_ORDER
    book = load_workbook(io.BytesIO(client.get(f"/reviews/{review.pk}/chronology/export.xlsx").content))
    cells = [[c or "" for c in row[:3]] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert cells == EXPECTED_ORDER


def test_export_in_an_unknown_format_is_404(client, sign_in, make_user, review):
    sign_in(client, make_user(roles.CRAG_CHAIR))
    assert client.get(f"/reviews/{review.pk}/chronology/export.pdf").status_code == 404


def test_crag_marks_a_key_episode_from_the_merged_page(client, sign_in, make_user, review):
    entry = ChronologyEntryFactory(request=chronology_for(review, **SUBMITTED))
    sign_in(client, make_user(roles.CRAG_MEMBER))
    url = f"/contributions/{entry.request_id}/chronology/{entry.pk}/key-episode/"
    response = client.post(url, {"flag": "true", "next": "https://evil.example/"})
    assert response["Location"].startswith(f"/reviews/{review.pk}/chronology/")
    entry.refresh_from_db()
    assert entry.key_practice_episode


@pytest.mark.parametrize("count", [10, 1000])
def test_merged_page_queries_stay_flat(
    client, sign_in, make_user, review, count, django_assert_max_num_queries
):
    requests = [chronology_for(review, **SUBMITTED) for _ in range(4)]
    author = make_user(roles.CRAG_CHAIR)
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(
            request=requests[n % 4],
            occurred_on=date(2024, 1, 1 + n % 28),
            source="Record",
            what_happened=f"Event {n}",
            created_by=author,
        )
        for n in range(count)
    )
    sign_in(client, author)
    with django_assert_max_num_queries(21):
        assert client.get(f"/reviews/{review.pk}/chronology/").status_code == 200


def test_lead_adds_an_entry_through_the_form(client, sign_in, lead):
    own = ContributionRequestFactory(agency=lead.agency, kind=ContributionKind.CHRONOLOGY)
    sign_in(client, lead)
    response = client.post(
        f"/contributions/{own.pk}/chronology/add/",
        {
            "occurred_on_0": "3",
            "occurred_on_1": "3",
            "occurred_on_2": "2024",
            "precision": "exact",
            "occurred_at": "14:30",
            "source": "GP record",
            "what_happened": "Seen for a cough",
        },
    )
    assert response.status_code == 302
    assert ChronologyEntry.objects.get(request_id=own.pk).occurred_at == time(14, 30)


def test_review_page_panel_counts_entries_agencies_and_key_episodes(client, sign_in, make_user, review):
    rows = _merged_rows(review)
    rows[0].key_practice_episode = True
    rows[0].save()
    sign_in(client, make_user(roles.CRAG_CHAIR))
    text = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "3 entries from 3 agencies; 1 key practice episode." in text
    assert f"/reviews/{review.pk}/chronology/" in text
