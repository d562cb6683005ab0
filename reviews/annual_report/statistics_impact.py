"""The section `impact` of the annual report's statistics (issue 20): the learning resources
sent to agencies in the year, how agencies used them, the assurance completed and what it found,
and the reviews that reached the partnership from outside. docs/annual-report-statistics.md
defines each key. A few grouped queries whatever the size of the year; every value plain JSON.
"""

from collections import Counter
from datetime import date
from typing import Any

from django.db.models import Count, Sum

from reviews.models import AssuranceActivity, Dissemination, ExternalReview, ResourceUse


def _agency(name: str, short_name: str | None) -> str:
    return short_name or name


def _sent(start: date, end: date) -> dict[str, int]:
    sent = Dissemination.objects.filter(sent_on__range=(start, end)).aggregate(
        sent=Count("id"),
        resources_sent=Count("resource", distinct=True),
        agencies_reached=Count("agency", distinct=True),
    )
    return {key: int(value or 0) for key, value in sent.items()}


def _uses(start: date, end: date) -> dict[str, Any]:
    uses = ResourceUse.objects.filter(used_from__range=(start, end))
    totals = uses.aggregate(
        uses=Count("id"),
        agencies_using=Count("dissemination__agency", distinct=True),
        practitioners_reached=Sum("reach"),
    )
    by_kind = uses.values("how").annotate(n=Count("id")).order_by("how")
    rows = uses.order_by("used_from", "dissemination__resource__title", "id").values(
        "dissemination__resource__title",
        "dissemination__agency__name",
        "dissemination__agency__short_name",
        "how",
        "used_from",
        "reach",
    )
    return {
        **{key: int(value or 0) for key, value in totals.items()},
        "uses_by_kind": {row["how"]: row["n"] for row in by_kind},
        "resource_uses": [
            {
                "resource": row["dissemination__resource__title"],
                "agency": _agency(
                    row["dissemination__agency__name"], row["dissemination__agency__short_name"]
                ),
                "how": row["how"],
                "used_from": row["used_from"].isoformat(),
                "reach": row["reach"],
            }
            for row in rows
        ],
    }


def _assurance(start: date, end: date) -> dict[str, Any]:
    done = AssuranceActivity.objects.filter(completed_on__range=(start, end)).order_by(
        "completed_on", "title", "id"
    )
    rows = list(done.values("title", "kind", "completed_on", "practice_changed"))
    return {
        "assurance_completed": len(rows),
        "practice_changed": dict(Counter(row["practice_changed"] for row in rows)),
        "assurance_findings": [
            {
                "title": row["title"],
                "kind": row["kind"],
                "completed_on": str(row["completed_on"]),
                "practice_changed": row["practice_changed"],
            }
            for row in rows
        ],
    }


def _external(start: date, end: date) -> dict[str, int]:
    received = ExternalReview.objects.filter(published_on__range=(start, end))
    return {
        "external_reviews": received.count(),
        "external_responses_agreed": received.filter(response_agreed_on__lte=end).count(),
    }


def impact(start: date, end: date) -> dict[str, Any]:
    """The section `impact` for the year `start`..`end` (1 April Y to 31 March Y+1, both included)."""
    return {**_sent(start, end), **_uses(start, end), **_assurance(start, end), **_external(start, end)}
