"""The annual report's timeliness figures (DESIGN.md section 5): how the clocks were kept, counted
with the clock registry's periods on the admin's calendar. Dates counted off a printed calendar:
2019/20 runs 1 April 2019 to 31 March 2020."""

from datetime import date

import pytest

from notifications.models import CalendarOverride
from reviews.annual_report.statistics import statistics
from reviews.models import Incident, RapidReview, Review

Y = 2019


def rapid_review(n: int, *, notified: date | None, sent: date | None) -> RapidReview:
    aware = date(2019, 6, 3)
    incident = Incident.objects.create(
        reference=f"T-{n}", kind="death", incident_date=aware, aware_date=aware, panel_notified_on=notified
    )
    return RapidReview.objects.create(incident=incident, sent_to_panel_on=sent)


def cspr(title: str, decided: date, **fields) -> Review:
    return Review.objects.create(kind="cspr", title=title, decision_on=decided, **fields)


@pytest.mark.django_db
def test_rapid_reviews_sent_within_fifteen_working_days_of_the_notification():
    # Notified Monday 3 June 2019: 15 working days on is Monday 24 June.
    rapid_review(1, notified=date(2019, 6, 3), sent=date(2019, 6, 24))  # on time, the last day
    rapid_review(2, notified=date(2019, 6, 3), sent=date(2019, 6, 25))  # late
    rapid_review(3, notified=None, sent=date(2019, 6, 25))  # no notification date: in neither
    rapid_review(4, notified=date(2019, 6, 3), sent=None)  # not sent: in neither

    timeliness = statistics(Y)["timeliness"]

    assert (timeliness["rapid_reviews_on_time"], timeliness["rapid_reviews_late"]) == (1, 1)


@pytest.mark.django_db
def test_an_admin_holiday_gives_the_rapid_review_a_day_more():
    CalendarOverride.objects.create(date=date(2019, 6, 10), kind="holiday", reason="Proclaimed")
    rapid_review(1, notified=date(2019, 6, 3), sent=date(2019, 6, 25))  # now due Tuesday 25 June

    assert statistics(Y)["timeliness"]["rapid_reviews_on_time"] == 1


@pytest.mark.django_db
def test_csprs_on_time_late_and_overdue_at_the_year_end():
    # Decided 31 August 2019: the target is 29 February 2020 (a leap year).
    cspr("On time", date(2019, 8, 31), status="published", published_on=date(2020, 2, 29))
    cspr("Late", date(2019, 8, 31), status="published", published_on=date(2020, 3, 2))
    cspr(
        "Late, reason sent",
        date(2019, 6, 3),
        status="published",
        published_on=date(2020, 1, 6),
        delay_reason_sent_on=date(2019, 12, 10),
    )
    cspr("Overdue", date(2019, 4, 1), status="in_progress", delay_reason_sent_on=date(2020, 4, 2))
    cspr("Overdue, reason sent", date(2019, 5, 1), status="paused", delay_reason_sent_on=date(2020, 3, 31))
    cspr("Not due yet", date(2019, 12, 1), status="in_progress")  # target 1 June 2020
    cspr("Closed", date(2019, 4, 1), status="closed")  # in none of the three
    cspr("Published next year", date(2019, 9, 1), status="published", published_on=date(2020, 4, 1))

    timeliness = statistics(Y)["timeliness"]

    assert {k: v for k, v in timeliness.items() if k.startswith("csprs")} == {
        "csprs_on_time": 1,
        "csprs_late": 2,
        "csprs_overdue_at_year_end": 3,  # "Published next year" was due 1 March 2020
    }
    assert timeliness["reasons_for_delay_sent"] == 2


@pytest.mark.django_db
def test_a_year_without_records_has_zero_timeliness():
    assert statistics(Y)["timeliness"] == {
        "rapid_reviews_on_time": 0,
        "rapid_reviews_late": 0,
        "csprs_on_time": 0,
        "csprs_late": 0,
        "csprs_overdue_at_year_end": 0,
        "reasons_for_delay_sent": 0,
    }
