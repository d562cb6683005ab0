"""The rapid reviews section of the "crag-records/1" import (DESIGN.md section 4, contract): one per
incident; a signed-off decision is never changed by an import."""

from typing import Any

from reviews.choices import PanelResponse, RapidReviewOutcome
from reviews.importer.section import (
    Field,
    Run,
    Section,
    choice_of,
    consistent,
    parse_boolean,
    parse_date,
    parse_ref,
    reference_to,
    upsert,
)
from reviews.models import Incident, RapidReview


def _rapid_review_contradictions(
    v: dict[str, Any], existing: RapidReview | None
) -> list[tuple[bool, str, str]]:
    incident: Incident = v["incident"]
    other = RapidReview.objects.filter(incident=incident).exclude(ref=v["ref"]).first()
    other_name = (f"ref={other.ref}" if other.ref else f"id {other.pk}") if other else ""
    sent, notified = v["sent_to_panel_on"], incident.panel_notified_on
    found = [
        (other is not None, "incident", f"{incident.reference} already has a rapid review ({other_name})"),
        (
            bool(sent and sent < incident.aware_date),
            "sent_to_panel_on",
            f"{sent} is before the incident's aware_date {incident.aware_date}",
        ),
        (
            bool(sent and notified and incident.aware_date <= sent < notified),
            "sent_to_panel_on",
            f"{sent} is before the incident's panel_notified_on {notified} "
            "(a Rapid Review is sent after the Panel was notified)",
        ),
    ]
    # A signed-off decision is never edited (DESIGN.md section 3): corrections are amendments.
    for name in ("meets_cspr_criteria", "complex_or_national_importance"):
        signed_off = existing is not None and existing.is_signed_off
        changed = signed_off and getattr(existing, name) != v[name]
        found.append((changed, name, "the decision is signed off; record a correction as an amendment"))
    return found


def _save_rapid_review(run: Run, label: str, v: dict[str, Any]) -> RapidReview | None:
    existing = RapidReview.objects.filter(ref=v["ref"]).first()
    if not consistent(run, label, _rapid_review_contradictions(v, existing)):
        return None
    values = {
        "incident": v["incident"],
        "sent_to_panel_on": v["sent_to_panel_on"],
        "meets_cspr_criteria": v["meets_cspr_criteria"],
        "complex_or_national_importance": v["complex_or_national_importance"],
        "panel_response": v["panel_response"],
        "outcome": v["outcome"] or "",
    }
    if "panel_considers_criteria_met" in v:
        values["panel_considers_criteria_met"] = v["panel_considers_criteria_met"]
    return upsert(run, label, "rapid_reviews", existing, lambda: RapidReview(ref=v["ref"]), values)


RAPID_REVIEWS = Section(
    (
        Field("ref", parse_ref),
        Field("incident", reference_to("incidents", "incident")),
        Field("sent_to_panel_on", parse_date, nullable=True),
        Field("meets_cspr_criteria", parse_boolean, nullable=True),
        Field("complex_or_national_importance", parse_boolean, nullable=True),
        Field("panel_response", choice_of(PanelResponse)),
        Field("outcome", choice_of(RapidReviewOutcome), nullable=True),
        Field("panel_considers_criteria_met", parse_boolean, nullable=True, optional=True),
    ),
    _save_rapid_review,
)
