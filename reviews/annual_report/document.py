"""The annual report as a document: the sections (reviews.annual_report.sections, written from the
statistics of reviews.annual_report.statistics) put together into the PDF (WeasyPrint, tagged
PDF/UA) and its accessible HTML twin, and every table as CSV rows.

The shape follows the subgroup annual report of DESIGN.md section 5: cover, contents, introduction,
context, Rapid Reviews, reviews, learning, views, recommendations and action plans, publication,
costs, conclusion, appendices and glossary.
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from reviews.annual_report.fetcher import RefusedURLError, static_roots, url_fetcher
from reviews.annual_report.prose import (
    ages_sentence,
    cost_sentences,
    incident_sentences,
    publication_sentence,
)
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
from reviews.annual_report.statistics import year_label
from reviews.annual_report.tables import GLOSSARY, action_completion_by_agency, table, theme_names
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
    "url_fetcher",
)

TEMPLATE = "reviews/annual_report/document.html"
STYLESHEET = "reviews/annual_report/pdf.css"


def _section(id_: str, number_: str, title: str, blocks: list[dict[str, Any]]) -> dict[str, Any]:
    prefix = f"{number_}:" if number_.startswith("Appendix") else f"{number_}." if number_ else ""
    return {"id": id_, "number": number_, "prefix": prefix, "title": title, "blocks": blocks}


def build_context(report: AnnualReport, stats: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the document template needs, in the order of DESIGN.md section 5."""
    names = theme_names(stats)
    titles = dict(NARRATIVE_SECTIONS)
    figures: list[dict[str, Any]] = []
    context_blocks = [
        heading(titles["local_context"]),
        *narrative(report, "local_context", titles["local_context"]),
    ]
    context_blocks += [
        heading(titles["national_context"]),
        *narrative(report, "national_context", titles["national_context"]),
    ]
    views = "views_of_children_and_families", "views_of_practitioners"
    sections = [
        _section(
            "introduction",
            "1",
            titles["introduction"],
            [
                *narrative(report, "introduction", titles["introduction"]),
                heading("The year at a glance"),
                at_a_glance(stats),
            ],
        ),
        _section("context", "2", "Local and national context", context_blocks),
        _section(
            "incidents",
            "3",
            "Incidents considered for Rapid Review",
            incidents_section(stats, names, figures),
        ),
        _section(
            "reviews",
            "4",
            "Reviews: safeguarding patterns and trends",
            reviews_section(stats, names, figures),
        ),
        _section("learning", "5", titles["learning"], learning_section(report, stats, titles["learning"])),
        _section(
            "children-and-families", "6", titles[views[0]], narrative(report, views[0], titles[views[0]])
        ),
        _section("practitioners", "7", titles[views[1]], narrative(report, views[1], titles[views[1]])),
        _section("recommendations", "8", "Recommendations and action plans", actions_section(stats, figures)),
        _section(
            "publication",
            "9",
            titles["publication"],
            [
                *paragraphs([publication_sentence(stats)]),
                *narrative(report, "publication", titles["publication"]),
            ],
        ),
        _section("costs", "10", "Costs", costs_section(stats)),
        _section(
            "conclusion", "11", titles["conclusion"], narrative(report, "conclusion", titles["conclusion"])
        ),
        _section(
            "appendix-a", "Appendix A", "Serious harm, notifications and reviews: the statutory duties", []
        ),
        _section("appendix-b", "Appendix B", "Government guidance", []),
        _section(
            "glossary",
            "",
            "Glossary of abbreviations",
            [
                table(
                    "glossary",
                    "Abbreviations used in this report",
                    ("Abbreviation", "Meaning"),
                    GLOSSARY,
                    numeric=False,
                )
            ],
        ),
    ]
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
    html = render_to_string(TEMPLATE, {**build_context(report, stats), "for_pdf": True})
    base_url = static_roots()[0].as_uri() + "/"
    stylesheet = CSS(string=render_to_string(STYLESHEET), base_url=base_url, url_fetcher=fetcher)
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        pdf = document.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")
    except FatalURLFetchingError as refused:  # a BaseException: make it an ordinary failure
        raise RefusedURLError(str(refused.__cause__ or refused)) from None
    return bytes(pdf)
