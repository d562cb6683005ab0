"""The statistics of the subgroup's annual report for reporting year Y (1 April Y to 31 March Y+1),
exactly as DESIGN.md section 5 (contract) defines them: one selector returning a plain dict, with
the non-contract section `recorded` (recorded.py) beside them.

A handful of grouped queries whatever the size of the year; ages and bands are computed here, in
Python, because "completed years" with 29 February birthdays is not a database function.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from reviews import clocks
from reviews.annual_report.recorded import recorded
from reviews.annual_report.statistics_impact import impact
from reviews.choices import ActionStatus, ReviewKind, ReviewStatus
from reviews.models import Action, Child, Incident, LearningEvent, RapidReview, Recommendation, Review, Theme

CASE_REVIEW_KINDS = (ReviewKind.SCR, ReviewKind.CSPR, ReviewKind.LOCAL)
LEARNING_REVIEW_KINDS = (ReviewKind.PARTNERSHIP_LEARNING, ReviewKind.NATIONAL_CONTRIBUTION)
AGE_BANDS = ("under_1", "1_to_5", "6_to_10", "11_to_15", "16_to_17", "18_plus", "unknown")


def year_bounds(year: int) -> tuple[date, date]:
    """1 April Y and 31 March Y+1, both included."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def year_label(year: int) -> str:
    """ "2019/20" for 2019."""
    return f"{year}/{str(year + 1)[-2:]}"


def age_on(date_of_birth: date, on: date) -> int:
    """Completed years on `on`: a birthday counts from its own day; a 29 February birthday falls
    on 1 March in other years."""
    years = on.year - date_of_birth.year
    try:
        birthday = date_of_birth.replace(year=on.year)
    except ValueError:  # 29 February in a year that has none
        birthday = date(on.year, 3, 1)
    if on < birthday:
        years -= 1
    return max(years, 0)


def age_band(date_of_birth: date | None, on: date) -> str:
    if date_of_birth is None:
        return "unknown"
    age = age_on(date_of_birth, on)
    if age < 1:
        return "under_1"
    for top, band in ((5, "1_to_5"), (10, "6_to_10"), (15, "11_to_15"), (17, "16_to_17")):
        if age <= top:
            return band
    return "18_plus"


def _bands(first_seen: dict[int, date], births: dict[int, date | None]) -> dict[str, int]:
    """Each child once, in the band of their age on the date they were first counted."""
    return dict(Counter(age_band(births[child], on) for child, on in first_seen.items()))


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01")))


def _tally(values: Iterable[Any]) -> dict[str, int]:
    return {str(k): v for k, v in Counter(v for v in values if v not in (None, "")).items()}


def _incidents(start: date, end: date) -> tuple[dict[str, Any], list[int]]:
    incidents = list(
        Incident.objects.filter(incident_date__range=(start, end))
        .only("id", "incident_date", "aware_date", "panel_notified_on")
        .prefetch_related(
            Prefetch("children", queryset=Child.objects.only("id", "date_of_birth")),
            Prefetch("themes", queryset=Theme.objects.only("id", "slug")),
        )
        .order_by("incident_date", "id")
    )
    # Section 5 counts every incident with a notification date, notifiable or not: the Panel
    # clock's period, on the admin's calendar, from the aware date.
    overrides = clocks.calendar_overrides()
    period = clocks.PANEL_NOTIFICATION.period
    first_seen: dict[int, date] = {}
    births: dict[int, date | None] = {}
    themes: Counter[str] = Counter()
    on_time = late = 0
    for incident in incidents:
        for child in incident.children.all():
            births[child.pk] = child.date_of_birth
            if child.pk not in first_seen or incident.incident_date < first_seen[child.pk]:
                first_seen[child.pk] = incident.incident_date
        themes.update({t.slug for t in incident.themes.all()})
        if incident.panel_notified_on is not None:
            due = period.after(incident.aware_date, overrides)
            if incident.panel_notified_on <= due:
                on_time += 1
            else:
                late += 1
    stats = {
        "count": len(incidents),
        "children": len(first_seen),
        "age_bands": _bands(first_seen, births),
        "themes": dict(themes),
        "notified_on_time": on_time,
        "notified_late": late,
    }
    return stats, [i.pk for i in incidents]


def _rapid_reviews(incident_ids: list[int]) -> dict[str, Any]:
    rapid_reviews = RapidReview.objects.filter(incident_id__in=incident_ids)
    totals = rapid_reviews.aggregate(
        count=Count("id"),
        met_cspr_criteria=Count("id", filter=Q(meets_cspr_criteria=True)),
        panel_agreed=Count("id", filter=Q(panel_response="agree")),
        panel_disagreed=Count("id", filter=Q(panel_response="disagree")),
        panel_considered_criteria_met=Count("id", filter=Q(panel_considers_criteria_met=True)),
    )
    outcomes = _tally(rapid_reviews.values_list("outcome", flat=True))
    return {**totals, "outcomes": outcomes}


def worked_on(start: date, end: date, kinds: Iterable[str]) -> Any:
    """Reviews of these kinds worked on in the year: decided by its end, and neither signed off
    nor published before its start."""
    return (
        Review.objects.filter(kind__in=list(kinds), decision_on__lte=end)
        .exclude(signed_off_on__lt=start)
        .exclude(published_on__lt=start)
    )


def stage_at(review: Review, end: date) -> str:
    """How far a review had got on `end`, by its dates alone: a closed review with neither date is
    `ongoing`."""
    if review.published_on is not None and review.published_on <= end:
        return "published"
    if review.signed_off_on is not None and review.signed_off_on <= end:
        return "signed_off"
    return "ongoing"


def _reviews(start: date, end: date) -> tuple[dict[str, Any], list[int]]:
    reviews = list(
        worked_on(start, end, CASE_REVIEW_KINDS)
        .only("id", "kind", "status", "decision_on", "signed_off_on", "published_on", "cost_gbp")
        .prefetch_related(
            Prefetch("children", queryset=Child.objects.only("id", "date_of_birth", "gender", "deceased")),
            Prefetch("themes", queryset=Theme.objects.only("id", "slug")),
        )
    )
    first_seen: dict[int, date] = {}
    children: dict[int, Any] = {}
    themes: Counter[str] = Counter()
    for review in reviews:
        for child in review.children.all():
            children[child.pk] = child
            if child.pk not in first_seen or review.decision_on < first_seen[child.pk]:
                first_seen[child.pk] = review.decision_on
        themes.update({t.slug for t in review.themes.all()})
    band_of = {pk: age_band(children[pk].date_of_birth, on) for pk, on in first_seen.items()}
    bands = dict(Counter(band_of.values()))
    themed: dict[str, dict[str, set[int]]] = {}
    for review in reviews:
        for theme in review.themes.all():
            for child in review.children.all():
                themed.setdefault(band_of[child.pk], {}).setdefault(theme.slug, set()).add(child.pk)
    ids = [r.pk for r in reviews]
    recommendations = Recommendation.objects.filter(review_id__in=ids).count()
    costs = [r.cost_gbp for r in reviews if r.cost_gbp is not None]
    published = Review.objects.filter(kind__in=CASE_REVIEW_KINDS, published_on__range=(start, end))
    stats = {
        "count": len(reviews),
        "by_kind": _tally(r.kind for r in reviews),
        "by_status": _tally(r.status for r in reviews),
        "children": len(children),
        "age_bands": bands,
        "under_5": bands.get("under_1", 0) + bands.get("1_to_5", 0),
        "gender": _tally(c.gender for c in children.values()),
        "deceased": sum(1 for c in children.values() if c.deceased),
        "themes": dict(themes),
        "recommendations_average": round(recommendations / len(reviews), 1) if reviews else 0.0,
        "cost_min": _money(min(costs)) if costs else None,
        "cost_max": _money(max(costs)) if costs else None,
        "cost_total": _money(sum(costs, Decimal(0))),
        # Every case review published in the year, counted or not (signed off in March, published
        # in September: published in the September year).
        "published_in_year": published.count(),
        "stage_at_year_end": {"published": 0, "signed_off": 0, "ongoing": 0}
        | _tally(stage_at(r, end) for r in reviews),
        "themes_by_age_band": {
            band: {slug: len(kids) for slug, kids in by_theme.items()} for band, by_theme in themed.items()
        },
    }
    return stats, ids


def _learning_reviews(start: date, end: date) -> dict[str, Any]:
    rows = list(worked_on(start, end, LEARNING_REVIEW_KINDS).values_list("kind", "status"))
    return {
        "count": len(rows),
        "by_status": _tally(status for _, status in rows),
        "by_kind": _tally(kind for kind, _ in rows),
    }


def _actions(review_ids: list[int], end: date) -> dict[str, Any]:
    """Counted in the database: a year's plan can hold thousands of actions."""
    actions = Action.objects.filter(recommendation__review_id__in=review_ids).order_by()
    by_status = dict(actions.values_list("status").annotate(n=Count("id")))
    by_rag = dict(actions.exclude(rag="").values_list("rag").annotate(n=Count("id")))
    # Overdue at the year's end; in a year not yet ended, overdue today (provisional: a due date
    # still ahead is not overdue yet).
    overdue = actions.filter(due_on__lt=held_by(end)).exclude(status__in=ActionStatus.DONE).count()
    return {
        "count": sum(by_status.values()),
        "by_status": {k: v for k, v in by_status.items() if v},
        "overdue": overdue,
        "by_rag": {k: v for k, v in by_rag.items() if v},
    }


def held_by(end: date, today: date | None = None) -> date:
    """The day the year's figures run to: its end, or today in a year not yet ended (provisional
    figures: a planned event is not held yet, a target or due date still ahead is not overdue).
    The document's "figures to" date is this one too."""
    return min(end, today or timezone.localdate())


def _learning_events(start: date, end: date) -> dict[str, Any]:
    held = LearningEvent.objects.filter(held_on__range=(start, held_by(end)))
    events = list(held.values_list("kind", "attendees"))
    return {
        "count": len(events),
        "by_kind": _tally(kind for kind, _ in events),
        "attendees": sum(attendees or 0 for _, attendees in events),
    }


def _timeliness(incident_ids: list[int], review_ids: list[int], end: date) -> dict[str, int]:
    """How the clocks were kept (section 5), with the registry's periods on the admin's calendar:
    the Rapid Reviews of the year's incidents that were notified and sent, and the counted CSPRs
    (a closed one never published is in none of the CSPR figures)."""
    overrides = clocks.calendar_overrides()
    figures: Counter[str] = Counter()
    sent = RapidReview.objects.filter(incident_id__in=incident_ids).values_list(
        "sent_to_panel_on", "incident__panel_notified_on"
    )
    for day, notified in sent:
        if day is not None and notified is not None:
            due = clocks.RAPID_REVIEW.period.after(notified, overrides)
            figures["rapid_reviews_on_time" if day <= due else "rapid_reviews_late"] += 1
    csprs = Review.objects.filter(pk__in=review_ids, kind=ReviewKind.CSPR).values_list(
        "decision_on", "published_on", "status", "delay_reason_sent_on"
    )
    for decided, published, status, reason_sent in csprs:
        target = clocks.CSPR_PUBLICATION.period.after(decided, overrides)
        if published is not None and published <= end:
            kind = "csprs_on_time" if published <= target else "csprs_late"
        elif status != ReviewStatus.CLOSED or published is not None:
            kind = "csprs_overdue_at_year_end" if target < held_by(end) else ""  # today, if not ended
        else:
            kind = ""
        if kind:
            figures[kind] += 1
        if (
            kind in ("csprs_late", "csprs_overdue_at_year_end")
            and reason_sent is not None
            and reason_sent <= end
        ):
            figures["reasons_for_delay_sent"] += 1
    return {key: figures[key] for key in TIMELINESS_KEYS}


TIMELINESS_KEYS = (
    "rapid_reviews_on_time",
    "rapid_reviews_late",
    "csprs_on_time",
    "csprs_late",
    "csprs_overdue_at_year_end",
    "reasons_for_delay_sent",
)


def statistics(year: int) -> dict[str, Any]:
    """The statistics of reporting year `year` (DESIGN.md section 5): plain, JSON-ready values."""
    start, end = year_bounds(year)
    incidents, incident_ids = _incidents(start, end)
    reviews, review_ids = _reviews(start, end)
    return {
        "year": year,
        "label": year_label(year),
        "starts_on": start.isoformat(),
        "ends_on": end.isoformat(),
        "incidents": incidents,
        "rapid_reviews": _rapid_reviews(incident_ids),
        "reviews": reviews,
        "learning_reviews": _learning_reviews(start, end),
        "actions": _actions(review_ids, end),
        "learning_events": _learning_events(start, end),
        "timeliness": _timeliness(incident_ids, review_ids, end),
        "recorded": recorded(start, end, held_by(end), incident_ids, review_ids),
        "impact": impact(start, end),
    }
