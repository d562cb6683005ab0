"""A PDF is out of date the moment what it was made from changes (the narrative, Appendix B, the
glossary, the national figures, the statistics): the report's page says so, keeps the old PDF
downloadable with when it was made, and offers "Generate again"; unchanged inputs reuse it."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from crag import roles
from reviews.annual_report import content, service
from reviews.models import AnnualReportRender, Incident, NationalComparator

pytestmark = pytest.mark.django_db
PAGE = "/annual-reports/2025/"
OUT_OF_DATE = "The latest PDF is out of date"


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


@pytest.fixture
def client(chair, sign_in):
    return sign_in(Client(), chair)


@pytest.fixture
def report(chair):
    return content.report_start(actor=chair, year=2025)[0]


@pytest.fixture
def made(report, chair):
    """A PDF made of the report as it is now."""
    record = service.render_request(actor=chair, report=report)
    record.file.save("made.pdf", ContentFile(b"%PDF-1.7 made"), save=False)
    record.state, record.pages = AnnualReportRender.State.DONE, 3
    record.save()
    return record


def _inputs(report):
    report.refresh_from_db()
    return service.inputs_of(report, service.numbers_of(report.year))


def test_a_pdf_of_the_report_as_it_is_is_ready_and_not_out_of_date(client, made):
    page = client.get(PAGE).content.decode()
    assert "Ready to download" in page
    assert "Up to date with the records" in page
    assert OUT_OF_DATE not in page
    assert "Generate again" not in page


def test_changing_the_narrative_marks_the_pdf_out_of_date(client, report, made):
    data = {"reviews_narrative": "Fictional: fewer reviews than last year.", "version": str(report.version)}
    assert client.post("/annual-reports/2025/edit/", data).status_code == 302
    page = client.get(PAGE).content.decode()
    assert OUT_OF_DATE in page
    assert "Generate again" in page
    assert "Out of date: made at" in page
    assert "Ready to download" not in page
    assert f"/annual-reports/renders/{made.pk}/download/" in page  # still downloadable
    assert client.get(f"/annual-reports/renders/{made.pk}/download/").status_code == 200


def test_changing_a_glossary_term_marks_the_pdf_out_of_date(client, report, made, chair):
    content.term_create(actor=chair, report=report, term="CRAG", meaning="Case Review and Governance")
    assert OUT_OF_DATE in client.get(PAGE).content.decode()


def test_adding_a_glossary_term_through_its_page_marks_the_pdf_out_of_date(client, made):
    client.post(
        "/annual-reports/2025/glossary/add/", {"term": "DSL", "meaning": "Designated Safeguarding Lead"}
    )
    assert OUT_OF_DATE in client.get(PAGE).content.decode()


@pytest.mark.parametrize(
    "change",
    [
        lambda chair, report: content.link_create(
            actor=chair, report=report, kind="national_review", title="Panel review", url="https://a.example/"
        ),
        lambda chair, report: content.link_move(actor=chair, link=report.links.first(), up=False),
        lambda chair, report: NationalComparator.objects.create(
            year=2025, key="rapid_reviews", value=Decimal(450), source="Panel annual report 2025/26"
        ),
        lambda chair, report: Incident.objects.create(
            kind="death",
            incident_date=date(2025, 6, 1),
            aware_date=date(2025, 6, 2),
            location="in_area",
            abuse_or_neglect_suspected=True,
        ),
    ],
    ids=["link added", "links reordered", "national figure", "statistics"],
)
def test_every_input_of_the_pdf_changes_its_checksum(chair, report, change):
    before = _inputs(report)
    change(chair, report)
    assert _inputs(report) != before


def test_a_comparator_of_a_year_the_report_does_not_show_changes_nothing(report):
    before = _inputs(report)
    NationalComparator.objects.create(year=2030, key="incidents", value=Decimal(1), source="Far future")
    assert _inputs(report) == before


def test_unchanged_inputs_reuse_the_pdf_and_changed_ones_make_a_new_one(chair, report, made):
    assert service.render_request(actor=chair, report=report) == made
    content.term_create(actor=chair, report=report, term="ICB", meaning="Integrated Care Board")
    again = service.render_request(actor=chair, report=report)
    assert again != made
    assert again.state == AnnualReportRender.State.QUEUED


def test_a_correction_to_an_earlier_year_marks_the_pdf_out_of_date(client, made):
    Incident.objects.create(
        kind="death",
        incident_date=date(2023, 6, 1),
        aware_date=date(2023, 6, 2),
        location="in_area",
        abuse_or_neglect_suspected=True,
    )
    assert OUT_OF_DATE in client.get(PAGE).content.decode()
