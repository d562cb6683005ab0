"""The blocks of the annual report's newer content (issue 16), placed by
reviews.annual_report.document in the source report's order: the Panel's view and safety actions
(Rapid Reviews), status at year end, timeliness and themes by age (reviews), event titles,
resources and commendations (learning), engagement and life letters (views), action plans and
business-plan priorities (recommendations), Appendix B and the glossary (the report's own)."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings

from reviews.annual_report.content import default_links
from reviews.annual_report.prose_records import (
    BAND_PHRASES,
    NOT_GIVEN,
    action_plan_sentence,
    as_text,
    cspr_timeliness_sentences,
    engagement_sentence,
    life_letter_sentence,
    panel_view_sentence,
    priority_sentence,
    rapid_review_timeliness_sentence,
    safety_sentence,
    stage_sentence,
    themes_by_age_sentences,
    titled_items,
)
from reviews.annual_report.sections import heading, paragraphs, prose
from reviews.annual_report.tables import BAND_LABELS, table
from reviews.annual_report.words import tally
from reviews.choices import Engagement, LearningEventKind, LearningResourceKind, LifeLetterStage
from reviews.models import AnnualReport, AnnualReportLink


def recorded(stats: Mapping[str, Any]) -> Mapping[str, Any]:
    """The statistics' `recorded` section; empty for statistics stored before it existed."""
    return stats.get("recorded") or {}


def _yes_no(value: Any) -> str:
    return "Met" if value else "Not met"


def panel_view_blocks(stats: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The Panel's own view of the criteria, and the cases where it differed from ours."""
    blocks = paragraphs([panel_view_sentence(stats)])
    differed = recorded(stats).get("panel_differed") or []
    if differed:
        rows = [(d["incident"], _yes_no(d["ours"]), _yes_no(d["panel"])) for d in differed]
        head = ("Incident", "CSPR criteria: the subgroup's view", "CSPR criteria: the Panel's view")
        caption = "Rapid Reviews where the Panel's view of the criteria differed from ours"
        blocks.append(table("panel_differed", caption, head, rows, numeric=False))
    return blocks


def safety_blocks(stats: Mapping[str, Any]) -> list[dict[str, Any]]:
    safety = recorded(stats).get("safety_actions")
    if safety is None:
        return []
    intro = (
        "In every case the subgroup considered whether the child was in immediate harm, whether any "
        "further action was needed, and whether there were immediate learning points."
    )
    return [heading("Immediate safety of the children"), *paragraphs([intro, safety_sentence(safety)])]


def timeliness_blocks(stats: Mapping[str, Any], end: str, *, so_far: bool) -> list[dict[str, Any]]:
    t = stats.get("timeliness") or {}
    days = settings.CRAG_RAPID_REVIEW_WORKING_DAYS
    overdue = "CSPRs overdue so far" if so_far else "CSPRs overdue at the year end"
    rows = [
        (f"Rapid Reviews sent to the Panel within {days} working days", tally(t, "rapid_reviews_on_time")),
        (f"Rapid Reviews sent later than {days} working days", tally(t, "rapid_reviews_late")),
        ("CSPRs published within six months", tally(t, "csprs_on_time")),
        ("CSPRs published later than six months", tally(t, "csprs_late")),
        (overdue, tally(t, "csprs_overdue_at_year_end")),
        ("Reasons for delay sent to the Panel", tally(t, "reasons_for_delay_sent")),
    ]
    sentences = [rapid_review_timeliness_sentence(t), *cspr_timeliness_sentences(t, end, so_far=so_far)]
    return [
        heading("Timeliness"),
        *prose(sentences),
        table(
            "timeliness",
            f"How the statutory timescales were kept in {stats['label']}",
            ("Measure", "Number"),
            rows,
        ),
    ]


def stage_blocks(stats: Mapping[str, Any], end: str) -> list[dict[str, Any]]:
    stage = stats["reviews"].get("stage_at_year_end")
    if stage is None:
        return []
    rows = [
        ("Published", tally(stage, "published")),
        ("Signed off, not yet published", tally(stage, "signed_off")),
        ("Ongoing", tally(stage, "ongoing")),
    ]
    return [
        heading(f"Where the reviews stood at {end}"),
        *paragraphs([stage_sentence(stats, end)]),
        table("stage_at_year_end", f"Case reviews by stage at {end}", ("Stage", "Reviews"), rows),
    ]


def themes_by_age_blocks(stats: Mapping[str, Any], names: Mapping[str, str]) -> list[dict[str, Any]]:
    by_band = stats["reviews"].get("themes_by_age_band") or {}
    rows = [
        (BAND_LABELS[band], names.get(slug, slug), n)
        for band in BAND_PHRASES
        for slug, n in sorted((by_band.get(band) or {}).items(), key=lambda i: (-i[1], names.get(i[0], i[0])))
        if n
    ]
    if not rows:
        return []
    caption = "Themes of the case reviews by the children's age"
    return [
        heading("Themes by age"),
        *prose(themes_by_age_sentences(stats, names)),
        table("themes_by_age_band", caption, ("Age (years)", "Theme", "Children"), rows, numeric=False),
    ]


def learning_record_blocks(stats: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The titles of the year's events, its learning resources and its commendations."""
    rec, label, blocks = recorded(stats), stats["label"], []
    kinds = dict(LearningEventKind.choices)
    events = [
        {**e, "kind": kinds.get(e["kind"], e["kind"]).lower()} for e in rec.get("learning_event_titles") or []
    ]
    if events:
        blocks += [*paragraphs([f"The events held in {label} were:"])]
        blocks.append({"kind": "ul", "items": titled_items(events, "title", "kind", "held_on")})
    resources = rec.get("learning_resources")
    if resources is not None:
        blocks.append(heading("Learning resources"))
        rkinds = dict(LearningResourceKind.choices)
        rows = [(r["title"], rkinds.get(r["kind"], r["kind"]), as_text(r["published_on"])) for r in resources]
        if rows:
            blocks += paragraphs([f"Learning resources published in {label}, on the partnership's website:"])
            head = ("Title", "Kind", "Published on")
            caption = f"Learning resources published in {label}"
            blocks.append(table("learning_resources", caption, head, rows, numeric=False))
        else:
            blocks += paragraphs([f"No learning resources were recorded as published in {label}."])
    commendations = rec.get("commendations")
    if commendations:
        blocks.append(heading("Commendations"))
        blocks += paragraphs(
            ["The partnership recognised good practice that went above and beyond what is expected:"]
        )
        found = [(c["who"], c["agency"], c["what"], as_text(c["commended_on"])) for c in commendations]
        blocks.append(
            table(
                "commendations",
                f"Commendations in {label}",
                ("Who", "Agency", "For", "Date"),
                found,
                numeric=False,
            )
        )
    return blocks


def engagement_blocks(stats: Mapping[str, Any], side: str) -> list[dict[str, Any]]:
    """How families ("family") or practitioners ("practitioners") took part in the reviews."""
    counts = (recorded(stats).get("engagement") or {}).get(side)
    if not counts:
        return []
    who = "children and families" if side == "family" else "practitioners"
    rows = [(label, tally(counts, key)) for key, label in Engagement.choices if tally(counts, key)]
    caption = f"How {who} took part in the case reviews worked on in {stats['label']}"
    return [
        *paragraphs([engagement_sentence(who, counts)]),
        table(f"engagement_{side}", caption, ("Taking part", "Reviews"), rows),
    ]


def life_letter_blocks(stats: Mapping[str, Any]) -> list[dict[str, Any]]:
    stages = recorded(stats).get("life_letters")
    if not stages:
        return []
    rows = [(label, tally(stages, key)) for key, label in LifeLetterStage.choices]
    return [
        heading("Life letters"),
        *paragraphs([life_letter_sentence(stages)]),
        table("life_letters", "Life letters by stage", ("Stage", "Letters"), rows),
    ]


def plan_blocks(stats: Mapping[str, Any]) -> list[dict[str, Any]]:
    rec = recorded(stats)
    blocks = paragraphs([action_plan_sentence(rec["action_plans"])]) if rec.get("action_plans") else []
    priorities = rec.get("recommendations_by_priority") or {}
    if priorities:
        rows = sorted(((p, n) for p, n in priorities.items() if p != NOT_GIVEN), key=lambda i: (-i[1], i[0]))
        rows += (
            [("No priority recorded", tally(priorities, NOT_GIVEN))] if tally(priorities, NOT_GIVEN) else []
        )
        caption = "Recommendations by business-plan priority"
        blocks += [
            *paragraphs([priority_sentence(priorities)]),
            table("recommendations_by_priority", caption, ("Priority", "Recommendations"), rows),
        ]
    return blocks


def link_blocks(report: AnnualReport) -> list[dict[str, Any]]:
    """Appendix B from the report's own links: national reviews of the year, then guidance; a
    report with no links at all shows the current national guidance a new report starts from."""
    own = list(report.links.order_by("kind", "position", "id")) if report.pk else []
    links = own or default_links()
    blocks: list[dict[str, Any]] = []
    for kind, title in (
        (AnnualReportLink.Kind.NATIONAL_REVIEW, "National reviews and reports of the year"),
        (AnnualReportLink.Kind.GUIDANCE, "Guidance"),
    ):
        items = [
            {
                "title": link.title,
                "url": link.url,
                "on": f"{link.published_on:%-d %B %Y}" if link.published_on else "",
            }
            for link in links
            if link.kind == kind
        ]
        if items:
            blocks += [heading(title), {"kind": "links", "items": items}]
    return blocks


def has_national_reviews(report: AnnualReport) -> bool:
    return bool(report.pk) and report.links.filter(kind=AnnualReportLink.Kind.NATIONAL_REVIEW).exists()


def glossary_blocks(report: AnnualReport) -> list[dict[str, Any]]:
    rows = list(report.glossary.values_list("term", "meaning")) if report.pk else []
    if not rows:
        return []
    return [
        table(
            "glossary",
            "Abbreviations and terms used in this report",
            ("Term", "Meaning"),
            rows,
            numeric=False,
        )
    ]
