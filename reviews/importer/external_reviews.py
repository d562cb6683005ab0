"""The external reviews section of the "crag-records/1" import (issue 20; docs/import-format.md):
the register of reviews from outside the partnership, each with its local response and its
recommendations, whose nested actions are the same actions (and the same `ACTION` record) as a
local review's. Built from the helpers of reviews.importer.section; reviews.importer.run lists it
after the sections it names (agencies).

A recommendation's ref is unique among all recommendations, local and external: a ref of a local
review's recommendation is refused here rather than moved to the external review.
"""

from typing import Any

from django.db.models import Max
from django.utils import timezone

from reviews import validation
from reviews.choices import ExternalReviewSource
from reviews.importer.reviews import ACTION, _check_action
from reviews.importer.section import (
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
    references_to,
    upsert,
)
from reviews.models import Action, ExternalReview, Recommendation

RECOMMENDATIONS_SECTION = "external_recommendations"  # counted apart from local recommendations


def _check_recommendation(run: Run, label: str, v: dict[str, Any]) -> bool:
    seen = run.found[RECOMMENDATIONS_SECTION]  # external recommendation refs of this document so far
    earlier = v["ref"] in seen or v["ref"] in run.found["recommendations"]
    seen.setdefault(v["ref"], label)
    local = Recommendation.objects.filter(ref=v["ref"], review__isnull=False).exists()
    return consistent(
        run,
        label,
        [
            (earlier, "ref", "is used by an earlier recommendation of this document"),
            (local, "ref", "is the ref of a local review's recommendation in CRAG"),
        ],
    )


RECOMMENDATION = Section(
    (
        Field("ref", parse_ref),
        Field("text", parse_text),
        Field("agencies", references_to("agencies", "agency")),
        Field("actions", nested("actions", ACTION, _check_action)),
    )
)


def _contradictions(v: dict[str, Any]) -> list[tuple[bool, str, str]]:
    published, agreed, response = v["published_on"], v["response_agreed_on"], v["local_response"]
    today = timezone.localdate()
    return [
        (validation.in_future(published, today), "published_on", f"{published} is in the future"),
        (validation.in_future(agreed, today), "response_agreed_on", f"{agreed} is in the future"),
        (
            bool(agreed and agreed < published),
            "response_agreed_on",
            f"{agreed} is before published_on {published}",
        ),
        (bool(agreed and not response), "local_response", "is required when response_agreed_on is given"),
    ]


def _number(review: ExternalReview, existing: Recommendation | None) -> int:
    """An existing recommendation keeps its number; a new one is numbered after its review's."""
    if existing is not None and existing.external_review_id == review.pk:
        return existing.number
    highest = Recommendation.objects.filter(external_review=review).aggregate(n=Max("number"))["n"]
    return (highest or 0) + 1


Nested = list[tuple[str, dict[str, Any]]]  # (label, values) of each nested record


def _save_actions(run: Run, recommendation: Recommendation, actions: Nested) -> bool:
    saved = True
    for label, a in actions:
        values = {
            "recommendation": recommendation,
            "description": a["description"],
            "owner_agency": a["owner_agency"],
            "due_on": a["due_on"],
            "status": a["status"],
            "completed_on": a["completed_on"],
        }
        current = Action.objects.filter(ref=a["ref"]).first()
        new = lambda ref=a["ref"]: Action(ref=ref)  # noqa: E731
        saved = upsert(run, label, "actions", current, new, values) is not None and saved
    return saved


def _save_recommendations(run: Run, review: ExternalReview, recommendations: Nested) -> bool:
    run.result.sections.setdefault(RECOMMENDATIONS_SECTION, SectionCounts())
    run.result.sections.setdefault("actions", SectionCounts())
    saved = True
    for label, r in recommendations:
        existing = Recommendation.objects.filter(ref=r["ref"]).first()
        values = {"external_review": review, "number": _number(review, existing), "text": r["text"]}
        new = lambda ref=r["ref"]: Recommendation(ref=ref)  # noqa: E731
        recommendation = upsert(
            run, label, RECOMMENDATIONS_SECTION, existing, new, values, {"agencies": r["agencies"]}
        )
        saved = recommendation is not None and _save_actions(run, recommendation, r["actions"]) and saved
    return saved


def _save_external_review(run: Run, label: str, v: dict[str, Any]) -> ExternalReview | None:
    if not consistent(run, label, _contradictions(v)):
        return None
    values = {
        "source": v["source"],
        "title": v["title"],
        "author": v["author"] or "",
        "published_on": v["published_on"],
        "url": v["url"] or "",
        "summary": v["summary"] or "",
        "local_response": v["local_response"] or "",
        "response_agreed_on": v["response_agreed_on"],
    }
    existing = ExternalReview.objects.filter(ref=v["ref"]).first()
    new = lambda: ExternalReview(ref=v["ref"])  # noqa: E731
    review = upsert(run, label, "external_reviews", existing, new, values, {"themes": v["themes"]})
    if review is None or not _save_recommendations(run, review, v["recommendations"]):
        return None
    return review


EXTERNAL_REVIEWS = Section(
    (
        Field("ref", parse_ref),
        Field("source", choice_of(ExternalReviewSource)),
        Field("title", parse_text),
        Field("published_on", parse_date),
        Field("author", parse_note, nullable=True),
        Field("url", parse_note, nullable=True),
        Field("summary", parse_note, nullable=True),
        Field("themes", parse_themes),
        Field("local_response", parse_note, nullable=True),
        Field("response_agreed_on", parse_date, nullable=True),
        Field("recommendations", nested("recommendations", RECOMMENDATION, _check_recommendation)),
    ),
    _save_external_review,
)
