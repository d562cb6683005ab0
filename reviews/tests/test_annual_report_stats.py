"""The annual report's statistics (DESIGN.md section 5, contract), checked against a reporting year
built by hand (annual_year_2019.py): every expected number was worked out from the specification,
record by record, not read off the code.

Reporting year Y=2019 runs 1 April 2019 to 31 March 2020, both days included. The records sit on the
edges of every rule: the two ends of the year, age-band birthdays, 29 February birthdays, the 5th
working day across Easter and Christmas bank holidays, reviews decided, signed off or published just
outside the year, actions due on the last day of the year.
"""

from datetime import date
from decimal import Decimal

import pytest

from notifications.calendar import add_working_days
from reviews.annual_report.statistics import statistics
from reviews.tests.annual_records import AGE_BANDS, SECTION_KEYS, Y, money, nonzero
from reviews.tests.annual_year_2019 import EXPECTED, normalised, year_2019

__all__ = ["year_2019"]  # fixtures

pytestmark = pytest.mark.django_db


# --- The fixture's own arithmetic ------------------------------------------------------------------


def test_fixture_dates_fall_where_the_comments_say():
    """The hand-worked working days agree with the calendar (bank holidays, not plain weekdays)."""
    assert add_working_days(date(2019, 4, 17), 5) == date(2019, 4, 26)
    assert add_working_days(date(2019, 4, 17), 6) == date(2019, 4, 29)
    assert add_working_days(date(2019, 12, 23), 5) == date(2020, 1, 2)
    assert add_working_days(date(2019, 12, 23), 6) == date(2020, 1, 3)


# --- The year, section by section -----------------------------------------------------------------


def test_sections_have_exactly_the_contract_keys(year_2019):
    stats = statistics(Y)
    for name, keys in SECTION_KEYS.items():
        assert set(stats[name]) == keys, name
    for name in ("incidents", "reviews"):
        assert set(stats[name]["age_bands"]) <= AGE_BANDS


def test_incidents(year_2019):
    assert normalised(statistics(Y)["incidents"]) == EXPECTED["incidents"]


def test_incident_age_bands_at_the_earliest_incident_of_the_year(year_2019):
    """Child A is 5 at INC-1 (1 April 2019) and 6 at INC-5 (31 March 2020): once, in 1_to_5."""
    bands = nonzero(statistics(Y)["incidents"]["age_bands"])
    assert bands == EXPECTED["incidents"]["age_bands"]
    assert sum(bands.values()) == EXPECTED["incidents"]["children"]


def test_panel_notification_on_time_and_late(year_2019):
    stats = statistics(Y)["incidents"]
    assert (stats["notified_on_time"], stats["notified_late"]) == (3, 2)


def test_rapid_reviews(year_2019):
    assert normalised(statistics(Y)["rapid_reviews"]) == EXPECTED["rapid_reviews"]


def test_rapid_review_without_outcome_is_left_out_of_outcomes(year_2019):
    outcomes = statistics(Y)["rapid_reviews"]["outcomes"]
    assert set(outcomes) == {"cspr", "no_further_review", "national_review_case_study", "local_review"}


def test_reviews(year_2019):
    assert normalised(statistics(Y)["reviews"]) == EXPECTED["reviews"]


def test_review_counts_and_children(year_2019):
    stats = statistics(Y)["reviews"]
    assert stats["count"] == 7
    assert nonzero(stats["by_kind"]) == EXPECTED["reviews"]["by_kind"]
    assert nonzero(stats["by_status"]) == EXPECTED["reviews"]["by_status"]
    assert stats["children"] == 7
    assert nonzero(stats["gender"]) == EXPECTED["reviews"]["gender"]
    assert stats["deceased"] == 3


def test_review_age_bands_at_the_earliest_counted_decision(year_2019):
    """S is 10 at R1 (28 February 2019; her birthday that year is 1 March), 11 at R2, and 4 at the
    uncounted review decided in 2013: 6_to_10."""
    stats = statistics(Y)["reviews"]
    assert nonzero(stats["age_bands"]) == EXPECTED["reviews"]["age_bands"]
    assert stats["under_5"] == 3


def test_review_themes_recommendations_costs_and_publication(year_2019):
    stats = statistics(Y)["reviews"]
    assert nonzero(stats["themes"]) == EXPECTED["reviews"]["themes"]
    assert stats["recommendations_average"] == pytest.approx(2.3)
    assert money(stats["cost_min"]) == Decimal("3500.45")
    assert money(stats["cost_max"]) == Decimal("25000.55")
    assert money(stats["cost_total"]) == Decimal("46501.10")
    assert stats["published_in_year"] == 3  # "Signed off before", published in the year, counts too


def test_learning_reviews(year_2019):
    assert normalised(statistics(Y)["learning_reviews"]) == EXPECTED["learning_reviews"]


def test_actions(year_2019):
    stats = statistics(Y)["actions"]
    assert stats["count"] == 7
    assert nonzero(stats["by_status"]) == EXPECTED["actions"]["by_status"]
    assert stats["overdue"] == 3
    # Unrated actions have no RAG: the contract does not say how (or whether) they are shown.
    rated = {rag: n for rag, n in stats["by_rag"].items() if rag in ("red", "amber", "green") and n}
    assert rated == EXPECTED["actions"]["by_rag"]


def test_learning_events(year_2019):
    assert normalised(statistics(Y)["learning_events"]) == EXPECTED["learning_events"]


def test_the_whole_year(year_2019):
    stats = statistics(Y)
    for name in EXPECTED:
        actual = normalised(stats[name])
        if name == "actions":
            actual["by_rag"] = {rag: n for rag, n in actual["by_rag"].items() if rag}
        assert actual == EXPECTED[name], name
