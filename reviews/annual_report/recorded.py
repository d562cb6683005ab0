"""What CRAG records about a reporting year that the annual report shows beside the contract's
figures: the section `recorded` of the statistics (docs/annual-report-statistics.md defines each
key). Not part of DESIGN.md section 5's contract, but the document reads exactly these keys.

Every value is plain JSON: counts, strings, booleans, null, and dates as ISO strings.
"""

from collections import Counter
from datetime import date
from typing import Any

from django.db.models import Exists, F, OuterRef, Q

from reviews.models import (
    Action,
    Commendation,
    LearningEvent,
    LearningResource,
    LifeLetter,
    RapidReview,
    Recommendation,
    Review,
    SafetyAction,
)

NOT_GIVEN = "Not given"


def _counts(values: list[str]) -> dict[str, int]:
    return dict(Counter(values))


def _safety_actions(incident_ids: list[int], end: date) -> dict[str, int]:
    """The immediate safety actions of the year's Rapid Reviews; done: a done date by the year end."""
    actions = SafetyAction.objects.filter(rapid_review__incident_id__in=incident_ids)
    return {"count": actions.count(), "done": actions.filter(done_on__lte=end).count()}


def _panel_differed(incident_ids: list[int]) -> list[dict[str, Any]]:
    """The year's Rapid Reviews where the Panel's own view of the criteria is not ours (both known)."""
    rows = (
        RapidReview.objects.filter(incident_id__in=incident_ids)
        .exclude(meets_cspr_criteria=None)
        .exclude(panel_considers_criteria_met=None)
        .exclude(meets_cspr_criteria=F("panel_considers_criteria_met"))
        .order_by("incident__incident_date", "incident__reference")
        .values_list("incident__reference", "meets_cspr_criteria", "panel_considers_criteria_met")
    )
    return [{"incident": ref, "ours": ours, "panel": panel} for ref, ours, panel in rows]


def _engagement(review_ids: list[int]) -> dict[str, dict[str, int]]:
    rows = list(
        Review.objects.filter(pk__in=review_ids).values_list("family_engagement", "practitioner_engagement")
    )
    return {
        "family": _counts([family for family, _ in rows]),
        "practitioners": _counts([practitioners for _, practitioners in rows]),
    }


def _life_letters(review_ids: list[int]) -> dict[str, int]:
    return _counts(list(LifeLetter.objects.filter(review_id__in=review_ids).values_list("stage", flat=True)))


def _learning_resources(start: date, end: date) -> list[dict[str, Any]]:
    rows = (
        LearningResource.objects.filter(published_on__range=(start, end))
        .order_by("published_on", "title", "id")
        .values_list("kind", "title", "published_on")
    )
    return [
        {"kind": kind, "title": title, "published_on": on.isoformat()}
        for kind, title, on in rows
        if on is not None  # (the filter leaves none out)
    ]


def _commendations(start: date, end: date) -> list[dict[str, Any]]:
    rows = (
        Commendation.objects.filter(commended_on__range=(start, end))
        .order_by("commended_on", "id")
        .values_list("who", "agency__short_name", "agency__name", "what", "commended_on")
    )
    return [
        {"who": who, "agency": short or name or "", "what": what, "commended_on": on.isoformat()}
        for who, short, name, what, on in rows
    ]


def _learning_event_titles(start: date, held_by: date) -> list[dict[str, Any]]:
    rows = (
        LearningEvent.objects.filter(held_on__range=(start, held_by))
        .order_by("held_on", "title", "id")
        .values_list("kind", "title", "held_on", "attendees")
    )
    return [
        {"kind": kind, "title": title, "held_on": on.isoformat(), "attendees": attendees}
        for kind, title, on, attendees in rows
    ]


def _recommendations_by_priority(review_ids: list[int]) -> dict[str, int]:
    priorities = Recommendation.objects.filter(review_id__in=review_ids).values_list("priority", flat=True)
    return _counts([priority.strip() or NOT_GIVEN for priority in priorities])


def _action_plans(review_ids: list[int], end: date) -> dict[str, int]:
    """Counted reviews completed (signed off or published) by the year end, and of those how many
    have at least one recommendation with at least one action."""
    completed = Review.objects.filter(pk__in=review_ids).filter(
        Q(signed_off_on__lte=end) | Q(published_on__lte=end)
    )
    planned = Exists(Action.objects.filter(recommendation__review_id=OuterRef("pk")))
    return {
        "completed_reviews": completed.count(),
        "with_action_plan": completed.filter(planned).count(),
    }


def recorded(
    start: date, end: date, held_by: date, incident_ids: list[int], review_ids: list[int]
) -> dict[str, Any]:
    """The section `recorded` for the year `start`..`end`: `incident_ids` are the year's incidents
    (whose Rapid Reviews are counted), `review_ids` the counted case reviews, and `held_by` the last
    day whose events count as held."""
    return {
        "safety_actions": _safety_actions(incident_ids, end),
        "panel_differed": _panel_differed(incident_ids),
        "engagement": _engagement(review_ids),
        "life_letters": _life_letters(review_ids),
        "learning_resources": _learning_resources(start, end),
        "commendations": _commendations(start, end),
        "learning_event_titles": _learning_event_titles(start, held_by),
        "recommendations_by_priority": _recommendations_by_priority(review_ids),
        "action_plans": _action_plans(review_ids, end),
    }
