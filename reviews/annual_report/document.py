"""The annual report as a document: the sections (reviews.annual_report.sections, written from the
statistics of reviews.annual_report.statistics) put together into the PDF (WeasyPrint, tagged
PDF/UA) and its accessible HTML twin, and every table as CSV rows.

The shape follows the subgroup annual report of DESIGN.md section 5: cover, contents, introduction,
context, Rapid Reviews, reviews, learning, views, recommendations and action plans, publication,
costs, conclusion, appendices and glossary.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from reviews.annual_report.fetcher import RefusedURLError, static_roots, url_fetcher
from reviews.annual_report.prose import (
    ages_sentence,
    cost_sentences,
    incident_sentences,
    publication_sentence,
)
from reviews.annual_report.prose_records import themes_by_age_sentences
from reviews.annual_report.sections import (
    actions_section,
    at_a_glance,
    costs_section,
    heading,
    incidents_section,
    learning_section,
    narrative,
    paragraphs,
    reviews_section,
)
from reviews.annual_report.sections_records import (
    engagement_blocks,
    glossary_blocks,
    has_national_reviews,
    learning_record_blocks,
    life_letter_blocks,
    link_blocks,
    panel_view_blocks,
    plan_blocks,
    safety_blocks,
    stage_blocks,
    themes_by_age_blocks,
    timeliness_blocks,
)
from reviews.annual_report.sections_trends import trend_blocks
from reviews.annual_report.statistics import held_by, year_bounds, year_label
from reviews.annual_report.tables import action_completion_by_agency, theme_names
from reviews.annual_report.words import counted, number
from reviews.models import AnnualReport
from reviews.models.annual_reports import NARRATIVE_SECTIONS

# The document is the report's one way in for its callers (the worker, the views, the command)
# and its tests: the sentences, the agency table and the fetcher are reached through it too.
__all__ = (
    "RefusedURLError",
    "action_completion_by_agency",
    "ages_sentence",
    "build_context",
    "cost_sentences",
    "counted",
    "csv_tables",
    "incident_sentences",
    "publication_sentence",
    "render_html",
    "render_pdf",
    "themes_by_age_sentences",
    "url_fetcher",
)

TEMPLATE = "reviews/annual_report/document.html"
STYLESHEET = "reviews/annual_report/pdf.css"
# Sections whose body is counted from the records: each carries the provisional banner while
# the year has not ended.
STATISTICAL = {"introduction", "incidents", "reviews", "learning", "recommendations", "publication", "costs"}


class _Writer:
    """Collects the sections in order, leaving out those with nothing in them and noting which
    narrative sections (and appendices) are not yet written."""

    def __init__(self, report: AnnualReport) -> None:
        self.report = report
        self.titles = dict(NARRATIVE_SECTIONS)
        self.sections: list[dict[str, Any]] = []
        self.unwritten: list[str] = []

    def text(self, field: str, *, sub: bool = False) -> list[dict[str, Any]]:
        """The narrative of `field` (under its own heading when `sub`), or nothing, noted as unwritten."""
        blocks = narrative(self.report, field, self.titles[field])
        if not blocks:
            self.unwritten.append(self.titles[field])
            return []
        return [heading(self.titles[field]), *blocks] if sub else blocks

    def add(self, id_: str, title: str, blocks: list[dict[str, Any]], *, appendix: str = "") -> None:
        if blocks:
            self.sections.append({"id": id_, "title": title, "blocks": blocks, "appendix": appendix})
        elif appendix:
            self.unwritten.append(f"{appendix}: {title}")

    def numbered(self) -> list[dict[str, Any]]:
        n = 0
        for section in self.sections:
            if section["appendix"]:
                section["number"], section["prefix"] = section["appendix"], f"{section['appendix']}:"
            elif section["id"] == "glossary":
                section["number"] = section["prefix"] = ""
            else:
                n += 1
                section["number"], section["prefix"] = str(n), f"{n}."
        return self.sections


def build_context(
    report: AnnualReport, stats: Mapping[str, Any], *, today: date | None = None
) -> dict[str, Any]:
    """Everything the document template needs, in the order of DESIGN.md section 5 and of the
    source report. A report not yet published is a draft (watermarked, its unwritten sections
    listed at the front); a year not yet ended is provisional (figures to today, "so far")."""
    today = today or timezone.localdate()
    end = year_bounds(report.year)[1]
    so_far = today <= end
    figures_to = held_by(end, today)
    end_text = f"{figures_to:%-d %B %Y}"
    names = theme_names(stats)
    figures: list[dict[str, Any]] = []
    w = _Writer(report)
    titles = w.titles
    intro = w.text("introduction")
    w.add(
        "introduction",
        titles["introduction"],
        [
            *intro,
            heading("The year at a glance"),
            at_a_glance(stats, so_far=so_far),
            *trend_blocks(stats, figures, so_far=so_far),
        ],
    )
    w.add(
        "context",
        "Local and national context",
        [*w.text("local_context", sub=True), *w.text("national_context", sub=True)],
    )
    after = [*panel_view_blocks(stats)]
    incidents = incidents_section(stats, names, figures, after)
    w.add("incidents", "Incidents considered for Rapid Review", [*incidents, *safety_blocks(stats)])
    reviews = [*w.text("reviews_narrative"), *reviews_section(stats, names, figures)]
    reviews += [*stage_blocks(stats, end_text), *timeliness_blocks(stats, end_text, so_far=so_far)]
    w.add(
        "reviews",
        "Reviews: safeguarding patterns and trends",
        [*reviews, *themes_by_age_blocks(stats, names)],
    )
    learning = learning_section(report, stats, titles["learning"], learning_record_blocks(stats))
    if not report.learning.strip():
        w.unwritten.append(titles["learning"])
    w.add("learning", titles["learning"], learning)
    families = [
        *w.text("views_of_children_and_families"),
        *engagement_blocks(stats, "family"),
        *life_letter_blocks(stats),
    ]
    w.add("children-and-families", titles["views_of_children_and_families"], families)
    practitioners = [*w.text("views_of_practitioners"), *engagement_blocks(stats, "practitioners")]
    w.add("practitioners", titles["views_of_practitioners"], practitioners)
    actions = actions_section(stats, figures, plan_blocks(stats), so_far=so_far)
    w.add("recommendations", "Recommendations and action plans", actions)
    w.add(
        "publication",
        titles["publication"],
        [*paragraphs([publication_sentence(stats)]), *w.text("publication")],
    )
    w.add("costs", "Costs", costs_section(stats))
    w.add("conclusion", titles["conclusion"], w.text("conclusion"))
    w.add(
        "appendix-a",
        "Serious harm, notifications and reviews: the statutory duties",
        [{"kind": "statute"}],
        appendix="Appendix A",
    )
    w.add(
        "appendix-b", "Government guidance and national reviews", link_blocks(report), appendix="Appendix B"
    )
    if not has_national_reviews(report):
        w.unwritten.append("Appendix B: the national reviews of the year")
    w.add("glossary", "Glossary", glossary_blocks(report))
    if not any(s["id"] == "glossary" for s in w.sections):
        w.unwritten.append("Glossary")
    sections = w.numbered()
    draft = report.published_on is None
    provisional = f"Provisional: figures to {end_text}" if so_far else ""
    for section in sections:
        section["provisional"] = provisional if section["id"] in STATISTICAL else ""
    return {
        "title": report.display_title,
        "year": report.year,
        "label": year_label(report.year),
        "period": f"1 April {report.year} to 31 March {report.year + 1}",
        "cover": {
            "report_date": report.report_date,
            "lead_officer": report.lead_officer,
            "contact": report.contact,
        },
        "draft": draft,
        "provisional": provisional,
        "unwritten": w.unwritten if draft else [],
        "sections": sections,
        "figures": figures,
        "working_days": number(settings.CRAG_PANEL_NOTIFICATION_WORKING_DAYS),
    }


def tables_of(context: Mapping[str, Any]) -> list[dict[str, Any]]:
    found = []
    for section in context["sections"]:
        for block in section["blocks"]:
            if block["kind"] == "table":
                found.append(block)
            elif block["kind"] == "figure":
                found.append(block["table"])
    return found


def csv_tables(report: AnnualReport, stats: Mapping[str, Any]) -> dict[str, list[list[Any]]]:
    """Every table of the report as rows, the first row its header, keyed by the table's slug."""
    return {t["slug"]: [list(t["head"]), *t["rows"]] for t in tables_of(build_context(report, stats))}


def render_html(report: AnnualReport, stats: Mapping[str, Any]) -> str:
    """The accessible HTML twin: the report as page content (GOV.UK classes, no style)."""
    return render_to_string(TEMPLATE, {**build_context(report, stats), "for_pdf": False})


# --- the PDF -----------------------------------------------------------------------------------


def render_pdf(report: AnnualReport, stats: Mapping[str, Any]) -> bytes:
    """The tagged (PDF/UA-1), A4 PDF of the report."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import FatalURLFetchingError

    fetcher = url_fetcher()
    context = build_context(report, stats)
    html = render_to_string(TEMPLATE, {**context, "for_pdf": True})
    base_url = static_roots()[0].as_uri() + "/"
    css = render_to_string(STYLESHEET, {"draft": context["draft"]})
    stylesheet = CSS(string=css, base_url=base_url, url_fetcher=fetcher)
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        pdf = document.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")
    except FatalURLFetchingError as refused:  # a BaseException: make it an ordinary failure
        raise RefusedURLError(str(refused.__cause__ or refused)) from None
    return bytes(pdf)
