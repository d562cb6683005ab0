"""The sections of the annual report, each a list of blocks (paragraphs, headings, tables,
figures) in the order of DESIGN.md section 5; reviews.annual_report.document puts them together."""

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings

from reviews.annual_report import charts
from reviews.annual_report.prose import (
    KIND_NOUNS,
    action_sentences,
    cost_sentences,
    incident_sentences,
    learning_sentences,
    rapid_review_sentences,
    review_sentences,
    themes_sentence,
)
from reviews.annual_report.sections_impact import impact_blocks
from reviews.annual_report.statistics import LEARNING_REVIEW_KINDS
from reviews.annual_report.tables import (
    action_completion_by_agency,
    age_rows,
    by_agency,
    counts_table,
    figure,
    ranked,
    table,
)
from reviews.annual_report.words import counted, money, number, sentence, tally
from reviews.choices import (
    ActionStatus,
    Gender,
    LearningEventKind,
    Rag,
    RapidReviewOutcome,
    ReviewKind,
    ReviewStatus,
)
from reviews.models import AnnualReport

TOP_THEMES = 8


def narrative(report: AnnualReport, field: str, heading: str) -> list[dict[str, Any]]:
    """The section as written in the browser: paragraphs at blank lines, lines beginning "- " or
    "* " as a bulleted list; an unwritten section has no blocks (reviews.annual_report.document
    leaves it out and, in a draft, lists it among the sections not yet written)."""
    text = (getattr(report, field) or "").replace("\r\n", "\n").strip()
    blocks: list[dict[str, Any]] = []
    for chunk in text.split("\n\n"):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if lines and all(line.startswith(("- ", "* ")) for line in lines):
            blocks.append({"kind": "ul", "items": [line[2:].strip() for line in lines]})
        elif lines:
            blocks.append({"kind": "p", "text": " ".join(lines)})
    return blocks


def prose(texts: Iterable[str]) -> list[dict[str, Any]]:
    """Generated sentences as one paragraph, as a person would write them (none when empty)."""
    return paragraphs([" ".join(t for t in texts if t)])


def paragraphs(texts: Iterable[str]) -> list[dict[str, Any]]:
    return [{"kind": "p", "text": t} for t in texts if t]


def heading(text: str) -> dict[str, Any]:
    return {"kind": "h3", "text": text}


def at_a_glance(stats: Mapping[str, Any], *, so_far: bool = False) -> dict[str, Any]:
    inc, rr, rv, act, ev = (
        stats[k] for k in ("incidents", "rapid_reviews", "reviews", "actions", "learning_events")
    )
    rows = [
        ("Serious incidents notified", tally(inc, "count")),
        ("Children in those incidents", tally(inc, "children")),
        ("Rapid Reviews", tally(rr, "count")),
        ("Case reviews worked on", tally(rv, "count")),
        ("Children in those reviews", tally(rv, "children")),
        ("Learning reviews worked on", tally(stats["learning_reviews"], "count")),
        (
            "Recommendations per review (average)",
            f"{Decimal(str(rv.get('recommendations_average') or 0)):.1f}",
        ),
        ("Actions on recommendations", tally(act, "count")),
        ("Actions overdue so far" if so_far else "Actions overdue", tally(act, "overdue")),
        ("Learning events held", tally(ev, "count")),
        ("Reviews published", tally(rv, "published_in_year")),
        ("Recorded cost of reviews", money(rv.get("cost_total"))),
    ]
    return table("at_a_glance", f"The year at a glance, {stats['label']}", ("Measure", stats["label"]), rows)


def incidents_section(
    stats: Mapping[str, Any],
    names: Mapping[str, str],
    figures: list[dict[str, Any]],
    after_decisions: Sequence[dict[str, Any]] = (),
) -> list[dict[str, Any]]:
    inc, rr = stats["incidents"], stats["rapid_reviews"]
    n, count = tally(inc, "count"), tally(rr, "count")
    days = number(settings.CRAG_PANEL_NOTIFICATION_WORKING_DAYS)
    summary = table(
        "incidents",
        f"Serious incidents in {stats['label']}",
        ("Measure", "Number"),
        [
            ("Incidents", n),
            ("Children in the incidents", tally(inc, "children")),
            (f"Panel notified within {days} working days", tally(inc, "notified_on_time")),
            ("Panel notified later", tally(inc, "notified_late")),
            (
                "No notification date recorded",
                n - tally(inc, "notified_on_time") - tally(inc, "notified_late"),
            ),
        ],
    )
    decisions = table(
        "rapid_reviews",
        "Rapid Review decisions and the National Panel's responses",
        ("Measure", "Rapid Reviews"),
        [
            ("Rapid Reviews held", count),
            ("Met the CSPR criteria (local decision)", tally(rr, "met_cspr_criteria")),
            *(
                [("Met the CSPR criteria (the Panel's view)", tally(rr, "panel_considered_criteria_met"))]
                if "panel_considered_criteria_met" in rr
                else []
            ),
            ("Panel agreed with the decision", tally(rr, "panel_agreed")),
            ("Panel disagreed with the decision", tally(rr, "panel_disagreed")),
            ("Panel response awaited", count - tally(rr, "panel_agreed") - tally(rr, "panel_disagreed")),
        ],
    )
    outcomes = [(label, tally(rr.get("outcomes", {}), key)) for key, label in RapidReviewOutcome.choices]
    undecided = count - sum(v for _, v in outcomes)
    outcomes += [("No outcome recorded", undecided)] if undecided > 0 else []
    outcome_table = table(
        "rapid_review_outcomes", "Outcomes of the Rapid Reviews", ("Outcome", "Rapid Reviews"), outcomes
    )
    caption = f"Outcomes of the {counted(count, 'Rapid Review')} of incidents in {stats['label']}"
    figures.append(
        figure(len(figures) + 1, caption, charts.bar_chart(sentence(caption), outcomes), outcome_table)
    )
    ages = table(
        "incident_ages",
        "Ages of the children at the date of the incident",
        ("Age (years)", "Children"),
        age_rows(inc.get("age_bands", {})),
    )
    themes = table(
        "incident_themes",
        "Themes recorded against the incidents",
        ("Theme", "Incidents"),
        ranked(inc.get("themes", {}), names),
    )
    blocks = [
        *prose(incident_sentences(stats)),
        summary,
        heading("Rapid Reviews"),
        *prose(rapid_review_sentences(stats)),
    ]
    blocks += [decisions, *after_decisions, figures[-1], heading("The children and the themes"), ages]
    if n:
        blocks += paragraphs([themes_sentence(inc.get("themes", {}), names, "incident")])
    return [*blocks, themes] if themes["rows"] else blocks


def reviews_section(
    stats: Mapping[str, Any], names: Mapping[str, str], figures: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    rv, label = stats["reviews"], stats["label"]
    kinds = counts_table(
        "review_kinds",
        f"Case reviews worked on in {label}, by kind",
        ("Kind of review", "Reviews"),
        [(k, KIND_NOUNS[k][0][:1].upper() + KIND_NOUNS[k][0][1:]) for k in KIND_NOUNS],
        rv.get("by_kind", {}),
    )
    statuses = counts_table(
        "review_status",
        "Case reviews by status now",
        ("Status", "Reviews"),
        [(s, ReviewStatus(s).label) for s in ReviewStatus.values if tally(rv.get("by_status", {}), s)],
        rv.get("by_status", {}),
    )
    ages = age_rows(rv.get("age_bands", {}))
    caption = "Ages of the children in the case reviews, at the decision to review"
    age_table = table("review_ages", caption, ("Age (years)", "Children"), ages)
    figures.append(figure(len(figures) + 1, caption, charts.bar_chart(sentence(caption), ages), age_table))
    genders = [(label_, tally(rv.get("gender", {}), g)) for g, label_ in Gender.choices]
    caption = "Gender of the children in the case reviews"
    gender_table = table("review_gender", caption, ("Gender", "Children"), genders)
    figures.append(
        figure(len(figures) + 1, caption, charts.bar_chart(sentence(caption), genders), gender_table)
    )
    themes = ranked(rv.get("themes", {}), names)
    shown = number(min(TOP_THEMES, len(themes)) or TOP_THEMES)
    caption = f"The {shown} themes recorded most often in the case reviews"
    theme_table = table(
        "review_themes", "Themes recorded against the case reviews", ("Theme", "Reviews"), themes
    )
    figures.append(
        figure(
            len(figures) + 1, caption, charts.bar_chart(sentence(caption), themes[:TOP_THEMES]), theme_table
        )
    )
    return [*prose(review_sentences(stats, names)), kinds, statuses, *figures[-3:]]


def learning_section(
    report: AnnualReport, stats: Mapping[str, Any], title: str, records: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    events, lr = stats["learning_events"], stats["learning_reviews"]
    kinds = [(label, tally(events.get("by_kind", {}), k)) for k, label in LearningEventKind.choices]
    event_table = table(
        "learning_events",
        f"Learning events held in {stats['label']}",
        ("Kind of event", "Number"),
        [*kinds, ("Attendees (all events)", tally(events, "attendees"))],
    )
    review_table = counts_table(
        "learning_reviews",
        "Learning reviews by status now",
        ("Status", "Learning reviews"),
        [(s, ReviewStatus(s).label) for s in ReviewStatus.values if tally(lr.get("by_status", {}), s)],
        lr.get("by_status", {}),
    )
    blocks = [*narrative(report, "learning", title), heading("Learning events and learning reviews")]
    blocks += [*prose(learning_sentences(stats)), event_table, *records]
    kinds_table = counts_table(
        "learning_review_kinds",
        "Learning reviews by kind",
        ("Kind", "Learning reviews"),
        [(k, ReviewKind(k).label) for k in LEARNING_REVIEW_KINDS],
        lr.get("by_kind") or {},
    )
    if "by_kind" in lr and tally(lr, "count"):
        blocks += [heading("Learning reviews"), kinds_table]
    blocks = [*blocks, review_table] if review_table["rows"] else blocks
    return [*blocks, *impact_blocks(stats)]


def actions_section(
    stats: Mapping[str, Any], figures: list[dict[str, Any]], plans: list[dict[str, Any]], *, so_far: bool
) -> list[dict[str, Any]]:
    actions = stats["actions"]
    agencies = by_agency(action_completion_by_agency(int(stats["year"])))
    labels = [ActionStatus(s).label for s in ActionStatus.values]
    agency_table = table(
        "actions_by_agency",
        "Actions by owner agency and status",
        ("Agency", *labels, "Total"),
        [(name, *counts, sum(counts)) for name, counts in agencies],
    )
    caption = "Actions on the case reviews' recommendations, by owner agency and status"
    chart = charts.stacked_bar_chart(sentence(caption), labels, agencies)
    blocks = [*plans, *prose(action_sentences(stats, so_far=so_far))]
    if agencies:
        figures.append(figure(len(figures) + 1, caption, chart, agency_table))
        blocks.append(figures[-1])
    rag = [(Rag(r).label, tally(actions.get("by_rag", {}), r)) for r in Rag.values]
    rag.append(("Not rated", tally(actions, "count") - sum(n for _, n in rag)))
    status_table = counts_table(
        "actions_by_status",
        "Actions by status",
        ("Status", "Actions"),
        ActionStatus.choices,
        actions.get("by_status", {}),
    )
    return [
        *blocks,
        status_table,
        table("actions_by_rag", "Actions by RAG rating", ("RAG rating", "Actions"), rag),
    ]


def costs_section(stats: Mapping[str, Any]) -> list[dict[str, Any]]:
    rv = stats["reviews"]
    rows = [("Total of recorded costs", rv.get("cost_total") or "0.00")]
    if rv.get("cost_min") is not None:
        rows += [("Lowest cost of a review", rv["cost_min"]), ("Highest cost of a review", rv["cost_max"])]
    costs = table(
        "costs",
        f"Recorded costs of the case reviews worked on in {stats['label']}",
        ("Measure", "Amount"),
        rows,
    )
    costs["body"] = [{"header": label, "cells": [money(value)]} for label, value in rows]
    return [*prose(cost_sentences(stats)), costs]


# --- the document ------------------------------------------------------------------------------
