"""A year not yet ended: its figures run to today. A due date or a target still ahead is not
overdue yet; the same records in an ended year are overdue at its end (the definitions in
docs/annual-report-statistics.md)."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from reviews.annual_report.statistics import statistics
from reviews.choices import ActionStatus, ReviewKind
from reviews.tests.factories import ActionFactory, RecommendationFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def at(day: date) -> time_machine.travel:
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=UTC), tick=False)


@pytest.fixture
def year_2026_records() -> None:
    # A CSPR decided 1 June 2026: target 1 December 2026 (decision + 6 calendar months).
    review = ReviewFactory(kind=ReviewKind.CSPR, decision_on=date(2026, 6, 1))
    recommendation = RecommendationFactory(review=review)
    ActionFactory(recommendation=recommendation, due_on=date(2026, 9, 30), status=ActionStatus.IN_PROGRESS)
    ActionFactory(recommendation=recommendation, due_on=date(2027, 1, 31), status=ActionStatus.NOT_STARTED)


def test_in_november_nothing_whose_date_is_still_ahead_is_overdue(year_2026_records):
    with at(date(2026, 11, 15)):
        figures = statistics(2026)

    assert figures["actions"]["overdue"] == 1  # due 30 September; 31 January is still ahead
    assert figures["timeliness"]["csprs_overdue_at_year_end"] == 0  # target 1 December, ahead


def test_in_february_what_has_passed_is_overdue(year_2026_records):
    with at(date(2027, 2, 10)):
        figures = statistics(2026)

    assert figures["actions"]["overdue"] == 2
    assert figures["timeliness"]["csprs_overdue_at_year_end"] == 1


def test_once_the_year_has_ended_the_figures_are_at_its_end(year_2026_records):
    with at(date(2027, 6, 1)):
        figures = statistics(2026)

    assert figures["actions"]["overdue"] == 2
    assert figures["timeliness"]["csprs_overdue_at_year_end"] == 1
