"""The review sections of the "crag-records/1" import (DESIGN.md section 4, contract): reviews, and
recommendations with their nested actions, built from the helpers of reviews.importer.section
(reviews.importer.run lists them in dependency order).

A review's parallel processes have no ref of their own: they are matched by (kind, started_on)
within the review; a match takes the file's end date, a new one is added, and one recorded in
CRAG but absent from the file is kept (it may hold what the file cannot: what the process blocks).
"""

import re
from decimal import Decimal
from typing import Any

from django.db.models import Max

from reviews.choices import ActionStatus, ParallelProcessKind, ReviewKind, ReviewStatus
from reviews.editing import versions
from reviews.importer.section import (
    BadValueError,
    Field,
    Run,
    Section,
    SectionCounts,
    choice_of,
    consistent,
    nested,
    parse_date,
    parse_note,
    parse_ref,
    parse_text,
    parse_themes,
    reference_to,
    references_to,
    show,
    upsert,
)
from reviews.models import Action, ParallelProcess, Recommendation, Review

PARALLEL_PROCESS_KINDS = tuple(ParallelProcessKind.values)
MONEY = re.compile(r"-?\d+(\.\d+)?")
NEEDS_ACTIVE_PROCESS = (ReviewStatus.PAUSED, ReviewStatus.COMPLETED_AS_FAR_AS_POSSIBLE)


def _parallel_process_kind(run: Run, value: Any) -> str:
    if isinstance(value, str) and value in PARALLEL_PROCESS_KINDS:
        return value
    raise BadValueError(f"{show(value)} is not one of: {', '.join(PARALLEL_PROCESS_KINDS)}")


def _money(run: Run, value: Any) -> Decimal:
    if not isinstance(value, str) or not MONEY.fullmatch(value):
        raise BadValueError(f'{show(value)} is not an amount of money (a decimal string, e.g. "1250.00")')
    if (amount := Decimal(value)) < 0:
        raise BadValueError(f"{value} is negative")
    return amount


# --- Reviews ------------------------------------------------------------------------------------


def _check_parallel_process(run: Run, label: str, v: dict[str, Any]) -> bool:
    started, ended = v["started_on"], v["ended_on"]
    return consistent(
        run, label, [(bool(ended and ended < started), "ended_on", f"{ended} is before started_on {started}")]
    )


PARALLEL_PROCESS = Section(
    (
        Field("kind", _parallel_process_kind),
        Field("started_on", parse_date),
        Field("ended_on", parse_date, nullable=True),
    )
)


def _review_contradictions(v: dict[str, Any]) -> list[tuple[bool, str, str]]:
    decided, signed, published, status = v["decision_on"], v["signed_off_on"], v["published_on"], v["status"]
    after, after_name = (signed, "signed_off_on") if signed else (decided, "decision_on")
    active = any(process["ended_on"] is None for _, process in v["parallel_processes"])
    delay_sent = v.get("reason_for_delay_sent_on")
    return [
        (bool(signed and signed < decided), "signed_off_on", f"{signed} is before decision_on {decided}"),
        (
            bool(delay_sent and delay_sent < decided),
            "reason_for_delay_sent_on",
            f"{delay_sent} is before decision_on {decided}",
        ),
        (
            bool(published and published < after),
            "published_on",
            f"{published} is before {after_name} {after}",
        ),
        (
            status == ReviewStatus.PUBLISHED and published is None,
            "published_on",
            "is required when status is published",
        ),
        (
            status in NEEDS_ACTIVE_PROCESS and not active,
            "parallel_processes",
            f"a review with status {status} needs an active parallel process (one with ended_on null)",
        ),
    ]


def _save_review(run: Run, label: str, v: dict[str, Any]) -> Review | None:
    if not consistent(run, label, _review_contradictions(v)):
        return None
    values = {
        "kind": v["kind"],
        "title": v["title"],
        "rapid_review": v["rapid_review"],
        "decision_on": v["decision_on"],
        "status": v["status"],
        "published_on": v["published_on"],
        "publication_url": v["publication_url"] or "",
        "signed_off_on": v["signed_off_on"],
        "cost_gbp": v["cost_gbp"],
    }
    if "reason_for_delay_sent_on" in v:
        values["delay_reason_sent_on"] = v["reason_for_delay_sent_on"]
    existing = Review.objects.filter(ref=v["ref"]).first()
    m2m = {"children": v["children"], "themes": v["themes"]}
    counts = run.result.sections["reviews"]
    unchanged_before = counts.unchanged
    review = upsert(run, label, "reviews", existing, lambda: Review(ref=v["ref"]), values, m2m)
    processes = [p for _, p in v["parallel_processes"]]
    if review is not None and _sync_processes(review, processes) and counts.unchanged > unchanged_before:
        counts.unchanged -= 1  # the review itself was unchanged, but its processes were not
        counts.updated += 1
    return review


def _sync_processes(review: Review, processes: list[dict[str, Any]]) -> bool:
    """Match the file's processes by (kind, started_on); True when anything was written."""
    changed = False
    existing = {(p.kind, p.started_on): p for p in review.parallel_processes.all()}
    for row in processes:
        match = existing.get((row["kind"], row["started_on"]))
        if match is None:
            ParallelProcess.objects.create(
                review=review, kind=row["kind"], started_on=row["started_on"], ended_on=row["ended_on"]
            )
            changed = True
        elif match.ended_on != row["ended_on"]:
            match.ended_on = row["ended_on"]
            match.save(update_fields=["ended_on"])
            changed = True
    if changed:
        versions.claim(review, None)  # a process is part of its review: open forms see the change
    return changed


# --- Recommendations and their actions ----------------------------------------------------------


def _check_action(run: Run, label: str, v: dict[str, Any]) -> bool:
    seen = run.found["actions"]  # action refs of this document so far
    earlier = v["ref"] in seen
    seen.setdefault(v["ref"], label)
    status = v["status"]
    return consistent(
        run,
        label,
        [
            (earlier, "ref", "is used by an earlier action of this document"),
            (
                status in ActionStatus.DONE and v["completed_on"] is None,
                "completed_on",
                f"is required when status is {status}",
            ),
        ],
    )


ACTION = Section(
    (
        Field("ref", parse_ref),
        Field("description", parse_text),
        Field("owner_agency", reference_to("agencies", "agency")),
        Field("due_on", parse_date),
        Field("status", choice_of(ActionStatus)),
        Field("completed_on", parse_date, nullable=True),
    )
)


def _number(review: Review, existing: Recommendation | None) -> int:
    """An existing recommendation keeps its number; a new one is numbered after its review's."""
    if existing is not None and existing.review_id == review.pk:
        return existing.number
    highest = Recommendation.objects.filter(review=review).aggregate(n=Max("number"))["n"]
    return (highest or 0) + 1


def _save_recommendation(run: Run, label: str, v: dict[str, Any]) -> Recommendation | None:
    existing = Recommendation.objects.filter(ref=v["ref"]).first()
    values = {"review": v["review"], "number": _number(v["review"], existing), "text": v["text"]}
    m2m = {"agencies": v["agencies"]}
    new = lambda: Recommendation(ref=v["ref"])  # noqa: E731
    recommendation = upsert(run, label, "recommendations", existing, new, values, m2m)
    run.result.sections.setdefault("actions", SectionCounts())
    if recommendation is None:
        return None
    saved = True
    for action_label, a in v["actions"]:
        action_values = {
            "recommendation": recommendation,
            "description": a["description"],
            "owner_agency": a["owner_agency"],
            "due_on": a["due_on"],
            "status": a["status"],
            "completed_on": a["completed_on"],
        }
        current = Action.objects.filter(ref=a["ref"]).first()
        new_action = lambda ref=a["ref"]: Action(ref=ref)  # noqa: E731
        saved = upsert(run, action_label, "actions", current, new_action, action_values) is not None and saved
    return recommendation if saved else None


REVIEWS = Section(
    (
        Field("ref", parse_ref),
        Field("kind", choice_of(ReviewKind)),
        Field("title", parse_text),
        Field("rapid_review", reference_to("rapid_reviews", "rapid review"), nullable=True),
        Field("children", references_to("children", "child")),
        Field("decision_on", parse_date),
        Field("status", choice_of(ReviewStatus)),
        Field("signed_off_on", parse_date, nullable=True),
        Field("published_on", parse_date, nullable=True),
        Field("publication_url", parse_note, nullable=True),
        Field("cost_gbp", _money, nullable=True),
        Field("themes", parse_themes),
        Field("parallel_processes", nested("parallel_processes", PARALLEL_PROCESS, _check_parallel_process)),
        Field("reason_for_delay_sent_on", parse_date, nullable=True, optional=True),
    ),
    _save_review,
)
RECOMMENDATIONS = Section(
    (
        Field("ref", parse_ref),
        Field("review", reference_to("reviews", "review")),
        Field("text", parse_text),
        Field("agencies", references_to("agencies", "agency")),
        Field("actions", nested("actions", ACTION, _check_action)),
    ),
    _save_recommendation,
)
