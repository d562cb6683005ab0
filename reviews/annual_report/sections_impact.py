"""The annual report's "Impact: what changed" part of the learning section (issue 20), written
from the statistics' section `impact` (reviews.annual_report.statistics_impact): sentences, the
figures, the assurance findings and the resources agencies used. A report whose statistics were
taken before the section existed has no such part."""

from collections.abc import Mapping
from typing import Any

from reviews.annual_report.prose_records import as_text
from reviews.annual_report.tables import table
from reviews.annual_report.words import counted, join, number, sentence, tally, was
from reviews.choices import AssuranceKind, PracticeChange, ResourceUseKind

# How an agency used a resource, as the sentence says it: (one, several).
USE_PHRASES = {
    ResourceUseKind.TEAM_MEETING: ("discussion in a team meeting", "discussions in team meetings"),
    ResourceUseKind.TRAINING: ("use in training", "uses in training"),
    ResourceUseKind.SUPERVISION: ("use in supervision", "uses in supervision"),
    ResourceUseKind.POLICY_CHANGED: ("change to policy or procedure", "changes to policy or procedure"),
    ResourceUseKind.AUDIT: ("single-agency audit", "single-agency audits"),
    ResourceUseKind.OTHER: ("other use", "other uses"),
}


def _sent_sentence(impact: Mapping[str, Any], label: str) -> str:
    sent = tally(impact, "sent")
    if not sent:
        return sentence(f"no learning resources were recorded as sent to agencies in {label}")
    resources = counted(tally(impact, "resources_sent"), "learning resource")
    agencies = counted(tally(impact, "agencies_reached"), "agency", "agencies")
    return sentence(
        f"in {label} the partnership sent {resources} to agencies "
        f"({counted(sent, 'time')} in all), reaching {agencies}"
    )


def _use_sentence(impact: Mapping[str, Any]) -> str:
    if not tally(impact, "uses"):
        return sentence("no agency recorded how it used them in the year")
    by_kind = impact.get("uses_by_kind") or {}
    kinds = join([counted(tally(by_kind, k), *USE_PHRASES[k]) for k in USE_PHRASES if tally(by_kind, k)])
    reached = tally(impact, "practitioners_reached")
    agencies = counted(tally(impact, "agencies_using"), "agency", "agencies")
    reach = f", reaching {counted(reached, 'practitioner')}" if reached else ""
    return sentence(f"{agencies} recorded how they used learning resources: {kinds}{reach}")


def _assurance_sentence(impact: Mapping[str, Any], label: str) -> str:
    done = tally(impact, "assurance_completed")
    if not done:
        return sentence(f"no assurance activity testing whether practice changed was completed in {label}")
    found = impact.get("practice_changed") or {}
    parts = [
        f"{number(tally(found, PracticeChange.CHANGED))} found that practice had changed",
        f"{number(tally(found, PracticeChange.PARTLY))} that it had partly changed",
        f"{number(tally(found, PracticeChange.NOT_CHANGED))} that it had not",
    ]
    activities = counted(done, "assurance activity", "assurance activities")
    return sentence(f"{activities} {was(done)} completed: {join(parts)}")


def _external_sentence(impact: Mapping[str, Any]) -> str:
    received = tally(impact, "external_reviews")
    if not received:
        return ""
    agreed = tally(impact, "external_responses_agreed")
    reviews = counted(received, "review")
    responses = counted(agreed, "local response")
    return sentence(
        f"{reviews} from outside the partnership {was(received)} published in the year, "
        f"and {responses} to them {was(agreed)} agreed"
    )


def impact_sentences(impact: Mapping[str, Any], label: str) -> list[str]:
    """What was sent, used and found in the year, as a board reads it."""
    texts = [
        _sent_sentence(impact, label),
        _use_sentence(impact),
        _assurance_sentence(impact, label),
        _external_sentence(impact),
    ]
    return [t for t in texts if t]


def impact_blocks(stats: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The "Impact: what changed" heading, sentences and tables (none for older statistics)."""
    impact, label = stats.get("impact"), stats["label"]
    if impact is None:
        return []
    found = impact.get("practice_changed") or {}
    figures = table(
        "impact",
        f"Learning into practice in {label}",
        ("Measure", "Number"),
        [
            ("Learning resources sent to agencies", tally(impact, "resources_sent")),
            ("Times sent (one resource to one agency)", tally(impact, "sent")),
            ("Agencies reached", tally(impact, "agencies_reached")),
            ("Agencies that recorded use", tally(impact, "agencies_using")),
            ("Uses recorded", tally(impact, "uses")),
            ("Practitioners reached", tally(impact, "practitioners_reached")),
            ("Assurance activities completed", tally(impact, "assurance_completed")),
            *[(f"of which: {label_.lower()}", tally(found, key)) for key, label_ in PracticeChange.choices],
            ("Reviews from outside the partnership received", tally(impact, "external_reviews")),
            ("of which: local response agreed", tally(impact, "external_responses_agreed")),
        ],
    )
    blocks: list[dict[str, Any]] = [
        {"kind": "h3", "text": "Impact: what changed"},
        *[{"kind": "p", "text": " ".join(impact_sentences(impact, label))}],
        figures,
    ]
    changes, kinds = dict(PracticeChange.choices), dict(AssuranceKind.choices)
    findings = [
        (
            a["title"],
            kinds.get(a["kind"], a["kind"]),
            as_text(a["completed_on"]),
            changes.get(a["practice_changed"], ""),
        )
        for a in impact.get("assurance_findings") or []
    ]
    if findings:
        head: tuple[str, ...] = ("Assurance activity", "Kind", "Completed on", "Did practice change?")
        caption = f"What assurance found in {label}"
        blocks.append(table("impact_assurance", caption, head, findings, numeric=False))
    hows = dict(ResourceUseKind.choices)
    uses = [
        (
            u["resource"],
            u["agency"],
            hows.get(u["how"], u["how"]),
            as_text(u["used_from"]),
            "" if u["reach"] is None else u["reach"],
        )
        for u in impact.get("resource_uses") or []
    ]
    if uses:
        head = ("Resource", "Agency", "How it was used", "Used from", "Practitioners reached")
        caption = f"Learning resources used by agencies in {label}"
        blocks.append(table("impact_resource_uses", caption, head, uses, numeric=False))
    return blocks
