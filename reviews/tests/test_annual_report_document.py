"""The annual report document: its sentences, the PDF (tagged, A4, with the numbers), the HTML
twin (no inline style), the charts' text alternatives, the CSV tables and the URL fetcher."""

import io
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pypdf import PdfReader

from crag.models import Agency
from reviews.annual_report import charts, document
from reviews.annual_report import statistics as annual_report
from reviews.models import (
    Action,
    AnnualReport,
    Child,
    GlossaryTerm,
    Incident,
    LearningEvent,
    RapidReview,
    Recommendation,
    Review,
    Theme,
)


def incident_stats(count: int, children: int, on_time: int, late: int) -> dict[str, Any]:
    return {
        "year": 2019,
        "label": "2019/20",
        "incidents": {
            "count": count,
            "children": children,
            "age_bands": {},
            "themes": {},
            "notified_on_time": on_time,
            "notified_late": late,
        },
    }


# --- words and sentences -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "no incidents"),
        (1, "one incident"),
        (5, "five incidents"),
        (9, "nine incidents"),
        (10, "10 incidents"),
    ],
)
def test_counts_are_words_to_nine_and_digits_from_ten(n, expected):
    assert document.counted(n, "incident") == expected


def test_counted_uses_the_irregular_plural_and_thousands_separators():
    assert document.counted(1, "child", "children") == "one child"
    assert document.counted(6, "child", "children") == "six children"
    assert document.counted(1250, "action") == "1,250 actions"


def test_incidents_sentence_reads_like_the_board_report():
    [first, _] = document.incident_sentences(incident_stats(5, 6, 4, 0) | {"label": "2019/20"})
    assert first.startswith(
        "Five incidents concerning six children were notified to the Panel in 2019/20; "
        "four of the notifications were made within five working days"
    )
    assert first.endswith("no notification date is recorded for one.")


def test_incidents_sentence_for_one_incident_is_singular():
    [first, _] = document.incident_sentences(incident_stats(1, 1, 1, 0))
    assert first == (
        "One incident concerning one child was notified to the Panel in 2019/20; "
        "the notification was made within five working days."
    )


def test_incidents_sentence_for_many_uses_digits_and_counts_the_late_ones():
    [first, _] = document.incident_sentences(incident_stats(12, 15, 10, 2))
    assert first == (
        "12 incidents concerning 15 children were notified to the Panel in 2019/20; "
        "10 of the notifications were made within five working days and two were made later than that."
    )


def test_incidents_sentence_when_all_are_on_time():
    [first, _] = document.incident_sentences(incident_stats(3, 3, 3, 0))
    assert first.endswith("; all three notifications were made within five working days.")


def test_no_incidents_is_said_plainly():
    assert document.incident_sentences(incident_stats(0, 0, 0, 0)) == [
        "No serious incidents were notified to the Panel in 2019/20."
    ]


def test_ages_sentence_lists_the_bands_in_order():
    bands = {"16_to_17": 1, "under_1": 3, "11_to_15": 2}
    assert document.ages_sentence(bands, 6) == (
        "Of the six children, three were under 1 year old, two were aged 11 to 15 and one was aged 16 or 17."
    )
    assert document.ages_sentence({"under_1": 1}, 1) == "The child was under 1 year old."
    assert document.ages_sentence({}, 0) == ""


def test_costs_sentence_with_and_without_costs():
    stats: dict[str, Any] = {
        "label": "2019/20",
        "reviews": {"cost_min": None, "cost_max": None, "cost_total": "0.00"},
    }
    assert document.cost_sentences(stats)[0] == "No review costs were recorded for 2019/20."
    stats["reviews"] = {"cost_min": "10000.00", "cost_max": "20500.50", "cost_total": "45000.00"}
    assert document.cost_sentences(stats)[0] == (
        "Recorded review costs came to £45,000 in 2019/20, from £10,000 to £20,500.50 for a review."
    )


def test_publication_sentence_for_none_and_one():
    stats: dict[str, Any] = {"label": "2019/20", "reviews": {"published_in_year": 0}}
    # Published in the year counts every case review published in it, worked on or not (issue 16).
    assert document.publication_sentence(stats) == "No case reviews were published in 2019/20."
    stats["reviews"]["published_in_year"] = 1
    assert document.publication_sentence(stats) == "One case review was published in 2019/20."


def test_charts_escape_their_text_and_name_themselves():
    svg = charts.bar_chart('Themes <of> "reviews"', [("Abuse & <neglect>", 3)])
    assert 'role="img"' in svg
    assert 'aria-label="Themes &lt;of&gt; &quot;reviews&quot;"' in svg
    assert "<title>Themes &lt;of&gt;" in svg
    assert "Abuse &amp; &lt;neglect&gt;" in svg
    assert "<neglect>" not in svg


# --- the fixture year --------------------------------------------------------------------------


@pytest.fixture
def year(themes) -> AnnualReport:
    """2019/20: three incidents (four children), two reviews with costs, actions of two agencies,
    learning events; an empty national context."""
    police = Agency.objects.create(name="Thames Valley Police", short_name="Police", kind="police")
    council = Agency.objects.create(name="County Council", kind="local_authority")
    neglect = Theme.objects.get(slug="neglect")
    kids = [
        Child.objects.create(pseudonym=f"Child {letter}", date_of_birth=dob, gender=gender)
        for letter, dob, gender in [
            ("A", date(2019, 1, 2), "female"),
            ("B", date(2005, 6, 1), "male"),
            ("C", date(2004, 3, 3), "male"),
            ("D", None, "not_known"),
        ]
    ]
    for i in range(3):
        incident = Incident.objects.create(
            reference=f"INC-{i}",
            kind="serious_harm",
            incident_date=date(2019, 5, 1 + i),
            aware_date=date(2019, 5, 1 + i),
            panel_notified_on=date(2019, 5, 3 + i),
        )
        incident.children.set(kids[i : i + 2] if i == 2 else kids[i : i + 1])
        incident.themes.set([neglect])
        RapidReview.objects.create(incident=incident, meets_cspr_criteria=i == 0, panel_response="agree")
    for i, cost in enumerate((Decimal("12500"), Decimal("20250.50"))):
        review = Review.objects.create(
            kind="cspr", title=f"Child {'AB'[i]}", decision_on=date(2019, 6, 1), cost_gbp=cost
        )
        review.children.set(kids[i : i + 1])
        review.themes.set([neglect])
        recommendation = Recommendation.objects.create(review=review, number=1, text="Share information")
        for agency, status in ((police, "complete"), (council, "in_progress"), (council, "not_started")):
            Action.objects.create(
                recommendation=recommendation,
                description="Do it",
                owner_agency=agency,
                due_on=date(2020, 1, 1),
                status=status,
                completed_on=date(2019, 12, 1) if status == "complete" else None,
                rag="green",
            )
    LearningEvent.objects.create(kind="workshop", title="Neglect", held_on=date(2019, 9, 1), attendees=45)
    report = AnnualReport.objects.create(
        year=2019,
        report_date=date(2020, 6, 24),
        lead_officer="Lara Patel",
        contact="lara.patel@example.gov.uk",
        introduction="This is the annual report.\n\n- first point\n- <script>alert(1)</script>",
    )
    GlossaryTerm.objects.create(report=report, term="CSPR", meaning="Child Safeguarding Practice Review")
    return report


def pdf_of(report: AnnualReport) -> PdfReader:
    return PdfReader(io.BytesIO(document.render_pdf(report, annual_report.statistics(report.year))))


@pytest.mark.django_db
def test_the_pdf_text_holds_the_statistics(year):
    reader = pdf_of(year)
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Three incidents concerning four children were notified to the Panel in 2019/20" in text
    assert "The partnership worked on two case reviews in 2019/20, involving two children" in text
    assert re.search(r"Serious incidents notified 3\b", text)
    assert re.search(r"Children in those incidents 4\b", text)
    assert re.search(r"Case reviews worked on 2\b", text)
    assert re.search(r"Actions on recommendations 6\b", text)
    assert "£32,750.50" in text  # the cost total
    assert "Lara Patel" in text
    # An unwritten section is listed at the front of a draft, not printed as a placeholder (issue 16).
    assert "has not been written yet" not in text
    assert re.search(r"Sections not yet written This draft leaves out .*National context", text)


@pytest.mark.django_db
def test_the_pdf_is_tagged_a4_in_british_english_with_its_title(year):
    reader = pdf_of(year)
    catalog: Any = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert reader.metadata is not None
    assert reader.metadata.title == year.display_title
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert len(reader.pages) >= 5


def test_the_url_fetcher_refuses_the_network_and_files_outside_static(settings, tmp_path):
    fetcher = document.url_fetcher()
    for url in (
        "https://example.org/style.css",
        "http://127.0.0.1/secret",
        "ftp://example.org/x",
        "file:///etc/passwd",
        f"file://{settings.BASE_DIR}/crag/settings.py",
        f"file://{settings.BASE_DIR}/static/../crag/settings.py",
    ):
        with pytest.raises(document.RefusedURLError):
            fetcher.fetch(url)


def test_the_url_fetcher_serves_static_files_and_data_urls(settings):
    static_file = next(p for p in (settings.BASE_DIR / "static").rglob("*") if p.is_file())
    response = document.url_fetcher().fetch(static_file.as_uri())
    assert response.read() == static_file.read_bytes()
    assert document.url_fetcher().fetch("data:text/plain,hello").read() == b"hello"


@pytest.mark.django_db
def test_the_html_twin_has_no_inline_style_and_escapes_the_narrative(year):
    html = document.render_html(year, annual_report.statistics(2019))
    assert "<style" not in html
    assert " style=" not in html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "has not been written yet" not in html  # listed among the sections not yet written instead
    assert "<li>National context</li>" in html
    assert html.count("<h1") == 1
    assert 'class="govuk-table' in html


@pytest.mark.django_db
def test_every_chart_is_an_image_with_a_label_and_a_data_table(year):
    html = document.render_html(year, annual_report.statistics(2019))
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", html, flags=re.S)
    assert len(svgs) == 5  # outcomes, ages, gender, themes, actions by agency (one year: no trend)
    for svg in svgs:
        assert 'role="img"' in svg
        label = re.search(r'aria-label="([^"]+)"', svg)
        assert label
        assert f"<title>{label[1]}</title>" in svg
    for number in range(1, 6):
        assert f"Figure {number} data:" in html


@pytest.mark.django_db
def test_csv_tables_have_a_header_row_and_rows_of_its_width(year):
    tables = document.csv_tables(year, annual_report.statistics(2019))
    assert {"incidents", "review_ages", "actions_by_agency", "costs", "glossary"} <= set(tables)
    for rows in tables.values():
        header = rows[0]
        assert header
        assert all(isinstance(cell, str) and cell for cell in header)
        assert all(len(row) == len(header) for row in rows[1:])
    assert tables["actions_by_agency"][1:] == [
        ["County Council", 1 * 2, 1 * 2, 0, 0, 4],
        ["Police", 0, 0, 2, 0, 2],
    ]


@pytest.mark.django_db
def test_action_completion_by_agency_is_one_grouped_query(year, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = document.action_completion_by_agency(2019)
    assert {(r["owner_agency__name"], r["status"], r["count"]) for r in rows} == {
        ("County Council", "in_progress", 2),
        ("County Council", "not_started", 2),
        ("Thames Valley Police", "complete", 2),
    }
