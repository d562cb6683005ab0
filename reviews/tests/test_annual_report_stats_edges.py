"""The annual report's statistics on single records at the edges of their rules: an admin's
holiday, 29 February birthdays, the first and last days of the year, rounding, an empty year."""

from datetime import date
from decimal import Decimal

import pytest

from notifications.models import CalendarOverride
from reviews.annual_report.statistics import statistics
from reviews.models import Recommendation
from reviews.tests.annual_records import (
    SECTION_KEYS,
    Y,
    incident_of_one,
    make_child,
    make_incident,
    make_review,
    money,
    nonzero,
)

pytestmark = pytest.mark.django_db


def test_admin_holiday_moves_the_panel_deadline(themes):
    """An admin's extra holiday is not a working day either (DESIGN.md section 2): with 25 April 2019
    marked, notification on 29 April (otherwise the 6th working day) is the 5th, on time."""
    child = make_child("Child O", date(2015, 5, 5))
    make_incident("INC-O", date(2019, 4, 17), date(2019, 4, 17), date(2019, 4, 29), [child])
    assert statistics(Y)["incidents"]["notified_late"] == 1
    CalendarOverride.objects.create(date=date(2019, 4, 25), kind="holiday", reason="Proclaimed holiday")
    stats = statistics(Y)["incidents"]
    assert (stats["notified_on_time"], stats["notified_late"]) == (1, 0)


def test_29_february_birthday_in_a_year_without_one(themes):
    """Year 2020/21: 28 February and 1 March 2021. Born 29 February 2020, a child is 0 on 28 February
    2021 (under_1) and 1 on 1 March 2021 (1_to_5); born 29 February 2004, 16 and 17 (16_to_17)."""
    incident_of_one("Child P", date(2020, 2, 29), date(2021, 2, 28))
    incident_of_one("Child Q", date(2020, 2, 29), date(2021, 3, 1))
    incident_of_one("Child R16", date(2004, 2, 29), date(2021, 2, 28))
    incident_of_one("Child R17", date(2004, 2, 29), date(2021, 3, 1))
    bands = nonzero(statistics(2020)["incidents"]["age_bands"])
    assert bands == {"under_1": 1, "1_to_5": 1, "16_to_17": 2}


def test_29_february_birthday_counts_on_its_own_day_in_a_leap_year(themes):
    """Born 29 February 2004: 15 on 28 February 2020, 16 on 29 February 2020 (not 1 March)."""
    incident_of_one("Child M", date(2004, 2, 29), date(2020, 2, 28))
    incident_of_one("Child N", date(2004, 2, 29), date(2020, 2, 29))
    bands = nonzero(statistics(Y)["incidents"]["age_bands"])
    assert bands == {"11_to_15": 1, "16_to_17": 1}


def test_review_signed_off_on_the_first_day_and_decided_on_the_last_day_count(themes):
    make_review("First", "cspr", date(2019, 1, 1), "signed_off", signed_off_on=date(2019, 4, 1))
    make_review("Last", "local", date(2020, 3, 31), "scoping")
    make_review("Signed off before", "cspr", date(2019, 1, 1), "signed_off", signed_off_on=date(2019, 3, 31))
    make_review("Decided after", "local", date(2020, 4, 1), "scoping")
    stats = statistics(Y)["reviews"]
    assert stats["count"] == 2
    assert nonzero(stats["by_kind"]) == {"cspr": 1, "local": 1}


def test_recommendations_average_rounds_to_one_decimal(themes):
    """7 recommendations over 3 reviews: 2.333... -> 2.3; 5 over 3: 1.666... -> 1.7."""
    for title, count in (("One", 3), ("Two", 2), ("Three", 2)):
        make_review(title, "cspr", date(2019, 6, 1), "in_progress", recommendations=count)
    assert statistics(Y)["reviews"]["recommendations_average"] == pytest.approx(2.3)
    Recommendation.objects.filter(review__title="One", number__gt=1).delete()
    assert statistics(Y)["reviews"]["recommendations_average"] == pytest.approx(1.7)


def test_a_year_without_records(themes):
    """No records at all: zero counts, empty maps, no error (nothing to divide by, nothing costed)."""
    stats = statistics(Y)
    for name, keys in SECTION_KEYS.items():
        assert set(stats[name]) == keys, name
        for key, value in stats[name].items():
            if isinstance(value, dict):
                assert nonzero(value) == {}, (name, key)
            elif key in ("cost_min", "cost_max"):
                assert value is None, (name, key)
            elif key == "cost_total":
                assert money(value) in (None, Decimal(0)), (name, key)
            elif key == "recommendations_average":
                assert value in (None, 0), (name, key)
            else:
                assert value == 0, (name, key)
