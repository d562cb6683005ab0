"""The board-ready finish and the new content of the annual report (issue 16): a draft watermark
on every page, unwritten sections listed instead of placeholder text, a provisional banner for a
year not yet ended, the new tables (each with its CSV), Appendix B and the glossary from the
report's own records, and the trends beside the years before with the national figures."""

import io
import re
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader

from reviews.annual_report import document
from reviews.annual_report import statistics as annual_report
from reviews.models import AnnualReport, AnnualReportLink, GlossaryTerm, NationalComparator

AFTER_THE_YEAR = date(2020, 6, 1)


def trend_year(year: int, incidents: int) -> dict[str, Any]:
    return {"year": year, "label": annual_report.year_label(year), "incidents": incidents, "reviews": 2}


def stats_of(year: int = 2019, **extra: Any) -> dict[str, Any]:
    stats = annual_report.statistics(year)
    stats["trends"] = [trend_year(year, 3)]
    return {**stats, **extra}


RECORDED = {
    "safety_actions": {"count": 2, "done": 1},
    "panel_differed": [{"incident": "INC-7", "ours": False, "panel": True}],
    "engagement": {"family": {"contributed": 1, "declined": 1}, "practitioners": {"contributed": 2}},
    "life_letters": {"given": 1, "drafting": 1},
    "learning_resources": [{"kind": "poster", "title": "Ten learning points", "published_on": "2019-09-01"}],
    "commendations": [
        {"who": "A health visitor", "agency": "NHS", "what": "Persistence", "commended_on": "2019-10-01"}
    ],
    "learning_event_titles": [
        {"kind": "workshop", "title": "Gangs and violence", "held_on": "2019-11-01", "attendees": 30}
    ],
    "recommendations_by_priority": {"Neglect": 3, "Not given": 1},
    "action_plans": {"completed_reviews": 2, "with_action_plan": 2},
}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
def test_a_draft_has_the_watermark_on_every_page_and_a_published_report_none():
    report = AnnualReport.objects.create(year=2019, introduction="Hello.")
    reader = PdfReader(io.BytesIO(document.render_pdf(report, stats_of())))
    assert len(reader.pages) > 3
    for page in reader.pages:
        assert re.search(r"draft", page.extract_text(), flags=re.I)
    report.published_on = date(2020, 7, 1)
    reader = PdfReader(io.BytesIO(document.render_pdf(report, stats_of())))
    assert not any(re.search(r"\bdraft\b", p.extract_text(), flags=re.I) for p in reader.pages)


@pytest.mark.django_db
def test_unwritten_sections_are_left_out_and_listed_at_the_front_of_a_draft():
    report = AnnualReport.objects.create(year=2019, introduction="Hello.", conclusion="")
    context = document.build_context(report, stats_of(), today=AFTER_THE_YEAR)
    ids = [s["id"] for s in context["sections"]]
    assert "conclusion" not in ids
    assert "practitioners" not in ids  # nothing written and nothing recorded
    assert "Conclusion and recommendations to the board" in context["unwritten"]
    assert "Local context" in context["unwritten"]
    assert "Glossary" in context["unwritten"]
    assert [s["number"] for s in context["sections"] if not s["appendix"] and s["id"] != "glossary"] == [
        str(n) for n in range(1, len(ids) - 1)
    ]
    html = document.render_html(report, stats_of())
    assert "Sections not yet written" in html
    assert "has not been written yet" not in html
    report.published_on = date(2020, 7, 1)
    assert document.build_context(report, stats_of(), today=AFTER_THE_YEAR)["unwritten"] == []


@pytest.mark.django_db
def test_a_year_not_yet_ended_is_provisional_on_the_cover_and_every_statistical_section():
    report = AnnualReport.objects.create(year=2019)
    context = document.build_context(report, stats_of(), today=date(2020, 1, 15))
    assert context["provisional"] == "Provisional: figures to 15 January 2020"
    banners = {s["id"]: s["provisional"] for s in context["sections"]}
    assert banners["incidents"] == banners["reviews"] == banners["costs"] == context["provisional"]
    assert banners["appendix-a"] == ""
    glance = next(b for b in context["sections"][0]["blocks"] if b.get("slug") == "at_a_glance")
    assert "Actions overdue so far" in [row[0] for row in glance["rows"]]
    timeliness = document.csv_tables(report, stats_of())["timeliness"]
    ended = document.build_context(report, stats_of(), today=AFTER_THE_YEAR)
    assert ended["provisional"] == ""
    assert any("overdue" in row[0] for row in timeliness)


@pytest.mark.django_db
def test_the_new_content_is_in_the_report_with_a_csv_for_each_table():
    report = AnnualReport.objects.create(year=2019, reviews_narrative="Our trends match the national ones.")
    stats = stats_of(recorded=RECORDED)
    stats["rapid_reviews"] |= {"count": 2, "met_cspr_criteria": 1, "panel_considered_criteria_met": 2}
    stats["incidents"] |= {"count": 2, "children": 2}
    stats["reviews"] |= {
        "count": 2,
        "children": 2,
        "age_bands": {"under_1": 2},
        "themes_by_age_band": {"under_1": {"neglect": 2}},
        "stage_at_year_end": {"published": 1, "ongoing": 1},
    }
    stats["timeliness"] |= {"csprs_on_time": 1, "csprs_late": 1, "reasons_for_delay_sent": 1}
    tables = document.csv_tables(report, stats)
    for slug in (
        "timeliness",
        "stage_at_year_end",
        "panel_differed",
        "engagement_family",
        "engagement_practitioners",
        "life_letters",
        "learning_resources",
        "commendations",
        "recommendations_by_priority",
        "themes_by_age_band",
    ):
        assert slug in tables, slug
        assert all(len(row) == len(tables[slug][0]) for row in tables[slug])
    assert tables["panel_differed"][1] == ["INC-7", "Not met", "Met"]
    text = text_of(document.render_html(report, stats))
    for expected in (
        "Our trends match the national ones.",
        "The Panel considered that a further one also met the criteria.",
        "Two immediate safety actions were recorded on the Rapid Reviews; one has been completed.",
        "Neglect was a concern for both children under 1 year old.",
        "Both completed reviews have action plans in place",
        "Children and families contributed to one of the two reviews and declined to take part in one.",
        "Gangs and violence (workshop, 1 November 2019)",
        "Ten learning points",
        "A health visitor",
    ):
        assert expected in text, expected
    # The source report's order: the Reviews narrative opens section 4, then the figures.
    assert text.index("Our trends match") < text.index("The partnership worked on two case reviews")


@pytest.mark.django_db
def test_appendix_b_and_the_glossary_are_the_reports_own():
    report = AnnualReport.objects.create(year=2019)
    AnnualReportLink.objects.create(
        report=report,
        kind="national_review",
        title="It was hard to escape",
        url="https://example.gov.uk/escape",
    )
    GlossaryTerm.objects.create(report=report, term="WUH NHS FT", meaning="Wessex University Hospitals")
    html = document.render_html(report, stats_of())
    assert "It was hard to escape" in html
    assert 'href="https://example.gov.uk/escape"' in html
    assert "WUH NHS FT" in html
    assert "Office for Standards in Education" not in html  # the old hard-coded glossary is gone
    tables = document.csv_tables(report, stats_of())
    assert tables["glossary"] == [["Term", "Meaning"], ["WUH NHS FT", "Wessex University Hospitals"]]


@pytest.mark.django_db
def test_trends_show_every_headline_figure_beside_the_years_before_with_national_figures():
    report = AnnualReport.objects.create(year=2019)
    NationalComparator.objects.create(
        year=2019, key="incidents", value=480, source="Panel annual report 2019/20, p. 6"
    )
    stats = stats_of()
    stats["trends"] = [trend_year(2017, 5), trend_year(2018, 4), trend_year(2019, 3)]
    context = document.build_context(report, stats, today=AFTER_THE_YEAR)
    tables = document.csv_tables(report, stats)
    assert tables["trends"][0] == ["Figure", "2017/18", "2018/19", "2019/20"]
    assert ["Serious incidents notified", 5, 4, 3] in tables["trends"]
    assert tables["national_comparators"][1] == [
        "Serious incidents notified",
        "2019/20",
        3,
        "480",
        "Panel annual report 2019/20, p. 6",
    ]
    assert any("<polyline" in str(f["svg"]) for f in context["figures"])
    text = text_of(document.render_html(report, stats))
    assert "Compared with 2018/19, serious incidents notified fell from four to three" in text


def test_the_trend_chart_is_a_named_image_with_a_line_and_a_marker_shape_per_series():
    from reviews.annual_report import charts

    svg = charts.line_chart(
        "Incidents <and> reviews", ["2018/19", "2019/20"], [("Incidents & more", [5, 3]), ("Reviews", [2, 2])]
    )
    assert 'role="img"' in svg
    assert 'aria-label="Incidents &lt;and&gt; reviews"' in svg
    assert "Incidents &amp; more" in svg
    assert svg.count("<polyline") == 2
    assert "<circle" in svg  # the first series' points
    assert "<rect" in svg  # the second's, a different shape: colour is not the only cue
