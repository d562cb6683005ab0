"""The annual report as a document: the sentences a board reads, the tables and charts made from
the statistics (reviews.annual_report.statistics), the PDF (WeasyPrint, tagged PDF/UA) and its accessible
HTML twin, and every table as CSV rows.

The shape follows the subgroup annual report of DESIGN.md section 5: cover, contents, introduction,
context, Rapid Reviews, reviews, learning, views, recommendations and action plans, publication,
costs, conclusion, appendices and glossary.
"""

import mimetypes
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from reviews.annual_report import charts
from reviews.annual_report.statistics import (
    AGE_BANDS,
    CASE_REVIEW_KINDS,
    worked_on,
    year_bounds,
    year_label,
)
from reviews.choices import ActionStatus, Gender, LearningEventKind, Rag, RapidReviewOutcome, ReviewStatus
from reviews.models import Action, AnnualReport, Theme
from reviews.models.annual_reports import NARRATIVE_SECTIONS

TEMPLATE = "reviews/annual_report/document.html"
STYLESHEET = "reviews/annual_report/pdf.css"
TOP_THEMES = 8
WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

# --- words -------------------------------------------------------------------------------------


def number(n: int) -> str:
    """One to nine in words, 10 and over in digits (GOV.UK style); nought is "none"."""
    if n == 0:
        return "none"
    return WORDS[n] if 0 < n < 10 else f"{n:,}"


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """ "no incidents", "one incident", "five incidents", "12 incidents"."""
    noun = singular if n == 1 else (plural or singular + "s")
    return f"{'no' if n == 0 else number(n)} {noun}"


def was(n: int) -> str:
    return "was" if n == 1 else "were"


def sentence(text: str) -> str:
    """The text with its first letter in capitals and a full stop."""
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "?", "!")) else ".")


def join(parts: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def some_of(n: int, total: int, noun: str) -> str:
    """ "the decision", "both decisions", "all five decisions", "two of the decisions"."""
    if total == 1:
        return f"the {noun}"
    if n == total:
        return f"both {noun}s" if total == 2 else f"all {number(total)} {noun}s"
    return f"{number(n)} of the {noun}s"


def money(value: str | Decimal | None) -> str:
    """ "£10,000", "£10,000.50"."""
    amount = Decimal(str(value or 0))
    return f"£{amount:,.0f}" if amount == amount.to_integral_value() else f"£{amount:,.2f}"


def _n(mapping: Mapping[str, Any], key: str) -> int:
    return int(mapping.get(key) or 0)


# --- sentences ---------------------------------------------------------------------------------

BAND_LABELS = {
    "under_1": "Under 1",
    "1_to_5": "1 to 5",
    "6_to_10": "6 to 10",
    "11_to_15": "11 to 15",
    "16_to_17": "16 to 17",
    "18_plus": "18 and over",
    "unknown": "Not known",
}
BAND_PHRASES = {
    "under_1": "under 1 year old",
    "1_to_5": "aged 1 to 5",
    "6_to_10": "aged 6 to 10",
    "11_to_15": "aged 11 to 15",
    "16_to_17": "aged 16 or 17",
    "18_plus": "18 or over",
}
# What a review of each status is now, (one, several): the most advanced first.
STATUS_PHRASES = {
    ReviewStatus.PUBLISHED: ("has been published", "have been published"),
    ReviewStatus.SIGNED_OFF: ("has been signed off", "have been signed off"),
    ReviewStatus.CLOSED: ("has been closed", "have been closed"),
    ReviewStatus.COMPLETED_AS_FAR_AS_POSSIBLE: (
        "has been completed as far as possible while parallel processes continue",
        "have been completed as far as possible while parallel processes continue",
    ),
    ReviewStatus.IN_PROGRESS: ("is in progress", "are in progress"),
    ReviewStatus.PAUSED: ("is paused", "are paused"),
    ReviewStatus.COMMISSIONED: ("has been commissioned", "have been commissioned"),
    ReviewStatus.SCOPING: ("is being scoped", "are being scoped"),
}

KIND_NOUNS = {
    "cspr": ("Child Safeguarding Practice Review", "Child Safeguarding Practice Reviews"),
    "scr": ("serious case review", "serious case reviews"),
    "local": ("local review", "local reviews"),
}
EVENT_NOUNS = {
    LearningEventKind.LEARNING_EVENT: ("learning event", "learning events"),
    LearningEventKind.WORKSHOP: ("workshop", "workshops"),
    LearningEventKind.CONFERENCE: ("conference", "conferences"),
    LearningEventKind.BRIEFING: ("briefing", "briefings"),
}


def ages_sentence(bands: Mapping[str, int], total: int) -> str:
    """How old the children were, band by band, in the order of AGE_BANDS."""
    if total == 0:
        return ""
    present = [(band, _n(bands, band)) for band in AGE_BANDS if _n(bands, band)]
    if len(present) == 1:
        band, _ = present[0]
        who = "the child" if total == 1 else f"all {number(total)} children"
        if band == "unknown":
            return sentence(f"no date of birth is recorded for {who}")
        return sentence(f"{who} {was(total)} {BAND_PHRASES[band]}")
    clauses = [
        f"{number(n)} had no recorded date of birth"
        if band == "unknown"
        else f"{number(n)} {was(n)} {BAND_PHRASES[band]}"
        for band, n in present
    ]
    return sentence(f"of the {number(total)} children, {join(clauses)}")


def themes_sentence(themes: Mapping[str, int], names: Mapping[str, str], noun: str) -> str:
    """The three themes recorded most often, with how many incidents or reviews each."""
    top = sorted(themes.items(), key=lambda item: (-item[1], names.get(item[0], item[0])))[:3]
    if not top:
        return sentence(f"no themes were recorded against the {noun}s")
    parts = [
        f"{names.get(slug, slug).lower()} ({counted(n, noun)})"
        if i == 0
        else f"{names.get(slug, slug).lower()} ({number(n)})"
        for i, (slug, n) in enumerate(top)
    ]
    if len(parts) == 1:
        return sentence(f"the only theme recorded was {parts[0]}")
    return sentence(f"the themes recorded most often were {join(parts)}")


def incident_sentences(stats: Mapping[str, Any]) -> list[str]:
    """ "Five incidents concerning six children were notified to the Panel in 2019/20; four of
    the notifications were made within five working days." """
    incidents, label = stats["incidents"], stats["label"]
    n, children = _n(incidents, "count"), _n(incidents, "children")
    if n == 0:
        return [sentence(f"no serious incidents were notified to the Panel in {label}")]
    days = f"{number(settings.CRAG_PANEL_NOTIFICATION_WORKING_DAYS)} working days"
    on_time, late = _n(incidents, "notified_on_time"), _n(incidents, "notified_late")
    unknown = n - on_time - late
    clauses = []
    if on_time:
        clauses.append(f"{some_of(on_time, n, 'notification')} {was(on_time)} made within {days}")
    if late:
        later = "made later than that" if on_time else f"made later than {days}"
        clauses.append(
            f"{some_of(late, n, 'notification') if not on_time else number(late)} {was(late)} {later}"
        )
    timing = join(clauses)
    if unknown:
        missing = (
            "no notification date is recorded"
            if unknown == n
            else f"no notification date is recorded for {number(unknown)}"
        )
        timing = f"{timing}; {missing}" if timing else missing
    who = f"{counted(n, 'incident')} concerning {counted(children, 'child', 'children')}"
    head = f"{who} {was(n)} notified to the Panel in {label}"
    return [sentence(f"{head}; {timing}"), ages_sentence(incidents.get("age_bands", {}), children)]


def rapid_review_sentences(stats: Mapping[str, Any]) -> list[str]:
    """How many Rapid Reviews, the local decisions and the Panel's responses."""
    rr, n = stats["rapid_reviews"], _n(stats["incidents"], "count")
    count = _n(rr, "count")
    if n == 0:
        return []
    if count == 0:
        return [sentence("no Rapid Reviews of these incidents have been recorded")]
    if count == n:
        held = (
            "a Rapid Review was held on the incident"
            if n == 1
            else f"a Rapid Review was held on each of the {number(n)} incidents"
        )
    else:
        held = f"Rapid Reviews were held on {number(count)} of the {number(n)} incidents"
    met = _n(rr, "met_cspr_criteria")
    criteria = "the criteria for a Child Safeguarding Practice Review (CSPR)"
    if count == 1:
        decision = f"the subgroup considered that the case {'met' if met else 'did not meet'} {criteria}"
    elif met == 0:
        decision = f"the subgroup considered that none of the cases met {criteria}"
    else:
        decision = f"the subgroup considered that {some_of(met, count, 'case')} met {criteria}"
    agreed, disagreed = _n(rr, "panel_agreed"), _n(rr, "panel_disagreed")
    awaited = count - agreed - disagreed
    responses = []
    if agreed:
        responses.append(f"agreed with {some_of(agreed, count, 'decision')}")
    if disagreed:
        responses.append(
            f"disagreed with {some_of(disagreed, count, 'decision') if not agreed else number(disagreed)}"
        )
    panel = (
        f"the National Panel {join(responses)}" if responses else "the National Panel's responses are awaited"
    )
    if responses and awaited:
        panel += f"; its response on {number(awaited)} {'is' if awaited == 1 else 'are'} awaited"
    return [sentence(held), sentence(decision), sentence(panel)]


def _status_clauses(by_status: Mapping[str, int]) -> str:
    return join(
        [
            f"{number(_n(by_status, s))} {STATUS_PHRASES[s][_n(by_status, s) != 1]}"
            for s in STATUS_PHRASES
            if _n(by_status, s)
        ]
    )


def review_sentences(stats: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """The reviews worked on: kinds, where they are now, the children, the themes."""
    rv, label = stats["reviews"], stats["label"]
    n, children = _n(rv, "count"), _n(rv, "children")
    if n == 0:
        return [sentence(f"the partnership did not work on any case reviews in {label}")]
    involving = f", involving {counted(children, 'child', 'children')}" if children else ""
    out = [sentence(f"the partnership worked on {counted(n, 'case review')} in {label}{involving}")]
    kinds = [(k, _n(rv["by_kind"], k)) for k in KIND_NOUNS if _n(rv["by_kind"], k)]
    if n == 1 and kinds:
        out.append(sentence(f"it was a {KIND_NOUNS[kinds[0][0]][0]}"))
    elif kinds:
        out.append(
            sentence(
                f"of these, {join([f'{number(k)} {was(k)} {KIND_NOUNS[kind][k != 1]}' for kind, k in kinds])}"
            )
        )
    if status := _status_clauses(rv.get("by_status", {})):
        out.append(sentence(f"of these reviews, {status}" if n > 1 else f"it {status.split(' ', 1)[1]}"))
    out.append(ages_sentence(rv.get("age_bands", {}), children))
    out.append(gender_sentence(rv.get("gender", {}), children))
    deceased = _n(rv, "deceased")
    if deceased:
        who = (
            "the child has"
            if children == 1
            else f"{number(deceased)} of the children {'has' if deceased == 1 else 'have'}"
        )
        out.append(sentence(f"sadly, {who} died"))
    out.append(themes_sentence(rv.get("themes", {}), names, "review"))
    return [s for s in out if s]


def gender_sentence(gender: Mapping[str, int], total: int) -> str:
    known = [(g, _n(gender, g)) for g in (Gender.FEMALE, Gender.MALE, Gender.TRANSGENDER) if _n(gender, g)]
    unknown = _n(gender, Gender.NOT_KNOWN)
    if total == 0:
        return ""
    clauses = [f"{number(k)} {was(k)} {Gender(g).label.lower()}" for g, k in known]
    text = join(clauses)
    if unknown:
        missing = f"the gender of {counted(unknown, 'child', 'children')} is not recorded"
        text = f"{text}; {missing}" if text else missing
    return sentence(f"of the children, {text}" if clauses else text)


def learning_sentences(stats: Mapping[str, Any]) -> list[str]:
    """Learning events held and learning reviews worked on."""
    events, label, lr = stats["learning_events"], stats["label"], stats["learning_reviews"]
    n = _n(events, "count")
    if n == 0:
        out = [sentence(f"no learning events were recorded for {label}")]
    else:
        kinds = join(
            [
                f"{counted(_n(events['by_kind'], k), *EVENT_NOUNS[k])}"
                for k in EVENT_NOUNS
                if _n(events["by_kind"], k)
            ]
        )
        attendees = _n(events, "attendees")
        attended = f", attended by {counted(attendees, 'person', 'people')} in all" if attendees else ""
        out = [sentence(f"in {label} the partnership held {kinds or counted(n, 'learning event')}{attended}")]
    count = _n(lr, "count")
    if count:
        what = counted(count, "learning review")
        kinds = "partnership learning reviews and contributions to national reviews"
        out.append(sentence(f"the partnership also worked on {what} ({kinds})"))
        if status := _status_clauses(lr.get("by_status", {})):
            out.append(sentence(f"of these, {status}" if count > 1 else f"it {status.split(' ', 1)[1]}"))
    return out


def action_sentences(stats: Mapping[str, Any]) -> list[str]:
    """Recommendations, actions, what is overdue and the Business Group's RAG ratings."""
    rv, actions = stats["reviews"], stats["actions"]
    n, count = _n(rv, "count"), _n(actions, "count")
    if n == 0:
        return []
    average = Decimal(str(rv.get("recommendations_average") or 0))
    figure = number(int(average)) if average == int(average) else f"{average:.1f}"
    out = [sentence(f"on average, each review made {figure} recommendation{'' if average == 1 else 's'}")]
    if count == 0:
        return [*out, sentence("no actions have yet been recorded against these recommendations")]
    by_status = [
        f"{number(_n(actions['by_status'], s))} {'is' if _n(actions['by_status'], s) == 1 else 'are'} "
        f"{ActionStatus(s).label.lower()}"
        for s in ActionStatus.values
        if _n(actions["by_status"], s)
    ]
    out.append(
        sentence(
            f"the recommendations have led to {counted(count, 'action')} by partner agencies, "
            f"of which {join(by_status)}"
        )
    )
    end = f"{year_bounds(int(stats['year']))[1]:%-d %B %Y}"
    overdue = _n(actions, "overdue")
    if overdue:
        still = f"{number(overdue)} {'is' if overdue == 1 else 'are'} not yet complete"
        out.append(sentence(f"of the actions due before {end}, {still}"))
    else:
        out.append(sentence(f"every action due before {end} has been completed or closed"))
    rated = [
        f"{counted(_n(actions['by_rag'], r), 'action') if i == 0 else number(_n(actions['by_rag'], r))} "
        f"{Rag(r).label.lower()}"
        for i, r in enumerate(r for r in Rag.values if _n(actions["by_rag"], r))
    ]
    unrated = count - sum(_n(actions["by_rag"], r) for r in Rag.values)
    if rated:
        tail = f"; {number(unrated)} {'is' if unrated == 1 else 'are'} not yet rated" if unrated else ""
        out.append(sentence(f"the Business Group has rated {join(rated)}{tail}"))
    return out


def publication_sentence(stats: Mapping[str, Any]) -> str:
    n, label = _n(stats["reviews"], "published_in_year"), stats["label"]
    if n == 0:
        return sentence(f"none of the case reviews worked on was published in {label}")
    return sentence(f"{counted(n, 'case review')} {was(n)} published in {label}")


def cost_sentences(stats: Mapping[str, Any]) -> list[str]:
    rv, label = stats["reviews"], stats["label"]
    low, high, total = rv.get("cost_min"), rv.get("cost_max"), Decimal(str(rv.get("cost_total") or 0))
    general = sentence(
        "costs vary with the type of review, its complexity and length, and how far practitioners and "
        "families take part"
    )
    if low is None or high is None:
        return [sentence(f"no review costs were recorded for {label}"), general]
    if Decimal(str(low)) == Decimal(str(high)):
        each = "for a single review" if Decimal(str(low)) == total else f"at {money(low)} for each review"
        return [sentence(f"recorded review costs came to {money(total)} in {label}, {each}"), general]
    return [
        sentence(
            f"recorded review costs came to {money(total)} in {label}, "
            f"from {money(low)} to {money(high)} for a review"
        ),
        general,
    ]


# --- tables and figures ------------------------------------------------------------------------

GLOSSARY = (
    ("CDOP", "Child Death Overview Panel"),
    ("CRAG", "Case Review and Governance subgroup"),
    ("CSPR", "Child Safeguarding Practice Review"),
    ("DARDR", "Domestic Abuse Related Death Review (formerly Domestic Homicide Review)"),
    ("LSCP", "Local Safeguarding Children Partnership"),
    ("NHS", "National Health Service"),
    ("Ofsted", "Office for Standards in Education, Children's Services and Skills"),
    ("Panel", "The Child Safeguarding Practice Review Panel (the National Panel)"),
    ("RAG", "Red, amber, green: the Business Group's rating of an action's progress"),
    ("RR", "Rapid Review"),
    ("SAR", "Safeguarding Adults Review"),
    ("SCR", "Serious Case Review (the reviews made before Child Safeguarding Practice Reviews)"),
)


def _cell(value: Any) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(
    slug: str, caption: str, head: Sequence[str], rows: Iterable[Sequence[Any]], *, numeric: bool = True
) -> dict[str, Any]:
    """A table of the report: raw rows (for CSV) and the text of each cell (for the page); the
    first cell of each row is the row's header, the others numbers unless `numeric` is false."""
    raw = [list(row) for row in rows]
    body = [{"header": _cell(row[0]), "cells": [_cell(v) for v in row[1:]]} for row in raw]
    return {
        "kind": "table",
        "slug": slug,
        "caption": caption,
        "head": list(head),
        "rows": raw,
        "body": body,
        "numeric": numeric,
    }


def figure(number_: int, caption: str, svg: str, data: dict[str, Any]) -> dict[str, Any]:
    """A chart with its number, caption and the table of its numbers; the SVG is made by
    reviews.annual_report.charts, which escapes every text in it."""
    return {"kind": "figure", "number": number_, "caption": caption, "svg": mark_safe(svg), "table": data}  # noqa: S308


def counts_table(
    slug: str, caption: str, head: Sequence[str], labels: Iterable[tuple[str, str]], counts: Mapping[str, int]
) -> dict[str, Any]:
    return table(slug, caption, head, [(label, _n(counts, key)) for key, label in labels])


def action_completion_by_agency(year: int) -> list[dict[str, Any]]:
    """The actions of the case reviews worked on in the year, counted by owner agency and status:
    one grouped query."""
    start, end = year_bounds(year)
    reviews = worked_on(start, end, CASE_REVIEW_KINDS).values("pk")
    rows = (
        Action.objects.filter(recommendation__review__in=reviews)
        .values("owner_agency__name", "owner_agency__short_name", "status")
        .annotate(count=Count("id"))
        .order_by("owner_agency__name", "status")
    )
    return [dict(row) for row in rows]


def _by_agency(rows: Iterable[Mapping[str, Any]]) -> list[tuple[str, list[int]]]:
    agencies: dict[str, list[int]] = {}
    for row in rows:
        name = row["owner_agency__short_name"] or row["owner_agency__name"]
        counts = agencies.setdefault(name, [0] * len(ActionStatus.values))
        counts[ActionStatus.values.index(row["status"])] += row["count"]
    return sorted(agencies.items(), key=lambda item: (-sum(item[1]), item[0]))


def _theme_names(stats: Mapping[str, Any]) -> dict[str, str]:
    slugs = set(stats["incidents"].get("themes", {})) | set(stats["reviews"].get("themes", {}))
    return dict(Theme.objects.filter(slug__in=slugs).values_list("slug", "name"))


def _ranked(themes: Mapping[str, int], names: Mapping[str, str]) -> list[tuple[str, int]]:
    ranked = sorted(themes.items(), key=lambda item: (-item[1], names.get(item[0], item[0])))
    return [(names.get(slug, slug), n) for slug, n in ranked if n]


def _bands(bands: Mapping[str, int]) -> list[tuple[str, int]]:
    return [(BAND_LABELS[b], _n(bands, b)) for b in AGE_BANDS if b != "unknown" or _n(bands, "unknown")]


# --- sections ----------------------------------------------------------------------------------


def narrative(report: AnnualReport, field: str, heading: str) -> list[dict[str, Any]]:
    """The section as written in the browser: paragraphs at blank lines, lines beginning "- " or
    "* " as a bulleted list; an empty section gets a placeholder."""
    text = (getattr(report, field) or "").replace("\r\n", "\n").strip()
    if not text:
        return [
            {
                "kind": "placeholder",
                "text": f"The {heading[0].lower() + heading[1:]} section has not been written yet.",
            }
        ]
    blocks: list[dict[str, Any]] = []
    for chunk in text.split("\n\n"):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if lines and all(line.startswith(("- ", "* ")) for line in lines):
            blocks.append({"kind": "ul", "items": [line[2:].strip() for line in lines]})
        elif lines:
            blocks.append({"kind": "p", "text": " ".join(lines)})
    return blocks


def paragraphs(texts: Iterable[str]) -> list[dict[str, Any]]:
    return [{"kind": "p", "text": t} for t in texts if t]


def heading(text: str) -> dict[str, Any]:
    return {"kind": "h3", "text": text}


def at_a_glance(stats: Mapping[str, Any]) -> dict[str, Any]:
    inc, rr, rv, act, ev = (
        stats[k] for k in ("incidents", "rapid_reviews", "reviews", "actions", "learning_events")
    )
    rows = [
        ("Serious incidents notified", _n(inc, "count")),
        ("Children in those incidents", _n(inc, "children")),
        ("Rapid Reviews", _n(rr, "count")),
        ("Case reviews worked on", _n(rv, "count")),
        ("Children in those reviews", _n(rv, "children")),
        ("Learning reviews worked on", _n(stats["learning_reviews"], "count")),
        (
            "Recommendations per review (average)",
            f"{Decimal(str(rv.get('recommendations_average') or 0)):.1f}",
        ),
        ("Actions on recommendations", _n(act, "count")),
        ("Actions overdue", _n(act, "overdue")),
        ("Learning events held", _n(ev, "count")),
        ("Reviews published", _n(rv, "published_in_year")),
        ("Recorded cost of reviews", money(rv.get("cost_total"))),
    ]
    return table("at_a_glance", f"The year at a glance, {stats['label']}", ("Measure", stats["label"]), rows)


def incidents_section(
    stats: Mapping[str, Any], names: Mapping[str, str], figures: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    inc, rr = stats["incidents"], stats["rapid_reviews"]
    n, count = _n(inc, "count"), _n(rr, "count")
    days = number(settings.CRAG_PANEL_NOTIFICATION_WORKING_DAYS)
    summary = table(
        "incidents",
        f"Serious incidents in {stats['label']}",
        ("Measure", "Number"),
        [
            ("Incidents", n),
            ("Children in the incidents", _n(inc, "children")),
            (f"Panel notified within {days} working days", _n(inc, "notified_on_time")),
            ("Panel notified later", _n(inc, "notified_late")),
            ("No notification date recorded", n - _n(inc, "notified_on_time") - _n(inc, "notified_late")),
        ],
    )
    decisions = table(
        "rapid_reviews",
        "Rapid Review decisions and the National Panel's responses",
        ("Measure", "Rapid Reviews"),
        [
            ("Rapid Reviews held", count),
            ("Met the CSPR criteria (local decision)", _n(rr, "met_cspr_criteria")),
            ("Panel agreed with the decision", _n(rr, "panel_agreed")),
            ("Panel disagreed with the decision", _n(rr, "panel_disagreed")),
            ("Panel response awaited", count - _n(rr, "panel_agreed") - _n(rr, "panel_disagreed")),
        ],
    )
    outcomes = [(label, _n(rr.get("outcomes", {}), key)) for key, label in RapidReviewOutcome.choices]
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
        _bands(inc.get("age_bands", {})),
    )
    themes = table(
        "incident_themes",
        "Themes recorded against the incidents",
        ("Theme", "Incidents"),
        _ranked(inc.get("themes", {}), names),
    )
    blocks = [
        *paragraphs(incident_sentences(stats)),
        summary,
        heading("Rapid Reviews"),
        *paragraphs(rapid_review_sentences(stats)),
    ]
    blocks += [decisions, figures[-1], heading("The children and the themes"), ages]
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
        [(s, ReviewStatus(s).label) for s in ReviewStatus.values if _n(rv.get("by_status", {}), s)],
        rv.get("by_status", {}),
    )
    ages = _bands(rv.get("age_bands", {}))
    caption = "Ages of the children in the case reviews, at the decision to review"
    age_table = table("review_ages", caption, ("Age (years)", "Children"), ages)
    figures.append(figure(len(figures) + 1, caption, charts.bar_chart(sentence(caption), ages), age_table))
    genders = [(label_, _n(rv.get("gender", {}), g)) for g, label_ in Gender.choices]
    caption = "Gender of the children in the case reviews"
    gender_table = table("review_gender", caption, ("Gender", "Children"), genders)
    figures.append(
        figure(len(figures) + 1, caption, charts.bar_chart(sentence(caption), genders), gender_table)
    )
    themes = _ranked(rv.get("themes", {}), names)
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
    return [*paragraphs(review_sentences(stats, names)), kinds, statuses, *figures[-3:]]


def learning_section(report: AnnualReport, stats: Mapping[str, Any], title: str) -> list[dict[str, Any]]:
    events, lr = stats["learning_events"], stats["learning_reviews"]
    kinds = [(label, _n(events.get("by_kind", {}), k)) for k, label in LearningEventKind.choices]
    event_table = table(
        "learning_events",
        f"Learning events held in {stats['label']}",
        ("Kind of event", "Number"),
        [*kinds, ("Attendees (all events)", _n(events, "attendees"))],
    )
    review_table = counts_table(
        "learning_reviews",
        "Learning reviews by status now",
        ("Status", "Learning reviews"),
        [(s, ReviewStatus(s).label) for s in ReviewStatus.values if _n(lr.get("by_status", {}), s)],
        lr.get("by_status", {}),
    )
    blocks = [*narrative(report, "learning", title), heading("Learning events and learning reviews")]
    blocks += [*paragraphs(learning_sentences(stats)), event_table]
    return [*blocks, review_table] if review_table["rows"] else blocks


def actions_section(stats: Mapping[str, Any], figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    actions = stats["actions"]
    agencies = _by_agency(action_completion_by_agency(int(stats["year"])))
    labels = [ActionStatus(s).label for s in ActionStatus.values]
    agency_table = table(
        "actions_by_agency",
        "Actions by owner agency and status",
        ("Agency", *labels, "Total"),
        [(name, *counts, sum(counts)) for name, counts in agencies],
    )
    caption = "Actions on the case reviews' recommendations, by owner agency and status"
    chart = charts.stacked_bar_chart(sentence(caption), labels, agencies)
    blocks = [*paragraphs(action_sentences(stats))]
    if agencies:
        figures.append(figure(len(figures) + 1, caption, chart, agency_table))
        blocks.append(figures[-1])
    rag = [(Rag(r).label, _n(actions.get("by_rag", {}), r)) for r in Rag.values]
    rag.append(("Not rated", _n(actions, "count") - sum(n for _, n in rag)))
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
    return [*paragraphs(cost_sentences(stats)), costs]


# --- the document ------------------------------------------------------------------------------


def _section(id_: str, number_: str, title: str, blocks: list[dict[str, Any]]) -> dict[str, Any]:
    prefix = f"{number_}:" if number_.startswith("Appendix") else f"{number_}." if number_ else ""
    return {"id": id_, "number": number_, "prefix": prefix, "title": title, "blocks": blocks}


def build_context(report: AnnualReport, stats: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the document template needs, in the order of DESIGN.md section 5."""
    names = _theme_names(stats)
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


class RefusedURLError(ValueError):
    """The PDF asked for something other than one of the app's own static files."""


def static_roots() -> list[Path]:
    roots = [Path(d if isinstance(d, str | Path) else d[1]) for d in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        """WeasyPrint's fetcher, limited to data: URLs and files under the static directories:
        the PDF never reaches the network or the rest of the disc."""

        def __init__(self) -> None:
            super().__init__(fail_on_errors=True, allowed_protocols=("data", "file"))

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme.lower() == "data":
                return super().fetch(url, headers)
            if parts.scheme.lower() == "file" and parts.netloc in ("", "localhost"):
                path = Path(url2pathname(parts.path)).resolve()
                if path.is_file() and any(path.is_relative_to(root) for root in static_roots()):
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})
            raise RefusedURLError(f"Refused to fetch {url!r}: only the app's static files may be used.")

    return StaticFilesOnly


def url_fetcher() -> Any:
    """A fetcher that refuses every URL but data: and the app's static files."""
    return _fetcher_class()()


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
