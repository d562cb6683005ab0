"""The annual report's trends: each headline figure of a reporting year beside the previous years'
(up to five, where CRAG has records of them), read from `statistics(y)` of each year, so that a
figure has one definition whatever the page it is shown on. Nothing is cached: a correction to an
old record shows in every later report's trends at once.
"""

from datetime import date
from typing import Any

from reviews.annual_report.statistics import (
    CASE_REVIEW_KINDS,
    LEARNING_REVIEW_KINDS,
    statistics,
    worked_on,
    year_bounds,
)
from reviews.models import Incident, LearningEvent, Review

PREVIOUS_YEARS = 5

# Each figure of a trend row: (key, section of the statistics, key in that section).
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("incidents", "incidents", "count"),
    ("children", "incidents", "children"),
    ("rapid_reviews", "rapid_reviews", "count"),
    ("met_cspr_criteria", "rapid_reviews", "met_cspr_criteria"),
    ("reviews", "reviews", "count"),
    ("published", "reviews", "published_in_year"),
    ("notified_on_time", "incidents", "notified_on_time"),
    ("notified_late", "incidents", "notified_late"),
    ("rapid_reviews_on_time", "timeliness", "rapid_reviews_on_time"),
    ("rapid_reviews_late", "timeliness", "rapid_reviews_late"),
    ("csprs_on_time", "timeliness", "csprs_on_time"),
    ("csprs_late", "timeliness", "csprs_late"),
    ("csprs_overdue_at_year_end", "timeliness", "csprs_overdue_at_year_end"),
    ("actions_overdue", "actions", "overdue"),
    ("learning_events", "learning_events", "count"),
    ("attendees", "learning_events", "attendees"),
)


def reporting_year(day: date) -> int:
    """The Y of the reporting year Y/Y+1 that holds `day` (1 April starts a year)."""
    return day.year if day.month >= 4 else day.year - 1


def years_with_records(first: int, last: int) -> set[int]:
    """The reporting years from `first` to `last` in which CRAG has a record: an incident (by its
    incident date), a learning event (by its date), or a review worked on in the year (decided by
    its end, not signed off or published before its start) or published in it."""
    start, end = year_bounds(first)[0], year_bounds(last)[1]
    dated: list[date | None] = [
        *Incident.objects.filter(incident_date__range=(start, end)).values_list("incident_date", flat=True),
        *LearningEvent.objects.filter(held_on__range=(start, end)).values_list("held_on", flat=True),
        *Review.objects.filter(kind__in=CASE_REVIEW_KINDS, published_on__range=(start, end)).values_list(
            "published_on", flat=True
        ),
    ]
    years = {reporting_year(day) for day in dated if day is not None}
    reviews = worked_on(start, end, CASE_REVIEW_KINDS + LEARNING_REVIEW_KINDS).values_list(
        "decision_on", "signed_off_on", "published_on"
    )
    for decided, signed_off, published in reviews:
        finished = min((d for d in (signed_off, published) if d is not None), default=None)
        until = last if finished is None else min(reporting_year(finished), last)
        years.update(range(max(reporting_year(decided), first), until + 1))
    return years


def row(stats: dict[str, Any]) -> dict[str, Any]:
    """One year's trend row from its statistics."""
    return {
        "year": stats["year"],
        "label": stats["label"],
        **{key: stats[section][inner] for key, section, inner in FIGURES},
    }


def trends(year: int) -> list[dict[str, Any]]:
    """The headline figures of reporting year `year` and of up to five previous years (those of
    `year` - 5 to `year` - 1 in which CRAG has any record), oldest first. The year itself is always
    there, records or not."""
    earlier = years_with_records(year - PREVIOUS_YEARS, year - 1)
    return [row(statistics(y)) for y in sorted(earlier | {year})]
