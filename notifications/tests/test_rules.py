"""The clock rules: every expected date was counted off a printed calendar (2025 and 2021/22)."""

from datetime import date, timedelta

import pytest

from notifications.calendar import NO_OVERRIDES, Overrides, add_working_days
from notifications.rules import (
    Clock,
    ClockState,
    Periods,
    incident_clocks,
    late_notifications,
    latest_start_already_overdue,
    rapid_review_clock,
    read_clock,
)

PERIODS = Periods()
# June 2025: Mon 9, Fri 13, Sat 14, Sun 15, Mon 16, Tue 17; no bank holiday in the month.
MON_9_JUNE = date(2025, 6, 9)
WED_11_JUNE = date(2025, 6, 11)
THU_12_JUNE = date(2025, 6, 12)
FRI_13_JUNE = date(2025, 6, 13)
SAT_14_JUNE = date(2025, 6, 14)
MON_16_JUNE = date(2025, 6, 16)
TUE_17_JUNE = date(2025, 6, 17)


def clock(due: date, done_on: date | None = None) -> Clock:
    return Clock("panel_notification", "Notify the Panel", due, done_on)


def no_notifications(**overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "aware_date": MON_9_JUNE,
        "notify_ofsted": False,
        "panel_notified_on": None,
        "partnership_informed_on": None,
        "ofsted_notified_on": None,
        "secretary_of_state_notified_on": None,
        "periods": PERIODS,
    }
    return fields | overrides


# --- read_clock ------------------------------------------------------------------------------


def test_clock_due_monday_read_on_friday_is_due_in_one_working_day_across_the_weekend():
    reading = read_clock(clock(MON_16_JUNE), today=FRI_13_JUNE)

    assert reading.state == ClockState.DUE
    assert reading.working_days == 1
    assert reading.text == "Due in 1 working day"
    assert reading.is_open


def test_clock_due_monday_read_on_thursday_is_due_in_two_working_days():
    reading = read_clock(clock(MON_16_JUNE), today=THU_12_JUNE)

    assert (reading.state, reading.working_days, reading.text) == (
        ClockState.DUE,
        2,
        "Due in 2 working days",
    )


def test_clock_read_on_its_due_date_is_due_today():
    reading = read_clock(clock(MON_16_JUNE), today=MON_16_JUNE)

    assert (reading.state, reading.working_days, reading.text) == (ClockState.DUE_TODAY, 0, "Due today")
    assert reading.is_open


def test_clock_due_friday_read_next_tuesday_is_overdue_by_two_working_days():
    reading = read_clock(clock(FRI_13_JUNE), today=TUE_17_JUNE)

    assert reading.state == ClockState.OVERDUE
    assert reading.working_days == 2
    assert reading.text == "Overdue by 2 working days"
    assert reading.is_open


def test_clock_due_friday_read_on_saturday_is_overdue_by_at_least_one_working_day():
    reading = read_clock(clock(FRI_13_JUNE), today=SAT_14_JUNE)

    assert (reading.state, reading.working_days) == (ClockState.OVERDUE, 1)


@pytest.mark.parametrize("done_on", [WED_11_JUNE, MON_16_JUNE], ids=["early", "on-the-due-date"])
def test_clock_done_on_or_before_its_due_date_is_done_on_time(done_on):
    reading = read_clock(clock(MON_16_JUNE, done_on), today=date(2025, 7, 1))

    assert reading.state == ClockState.DONE_ON_TIME
    assert reading.working_days == 0
    assert reading.text == f"Done on time, {done_on.day} June 2025"
    assert not reading.is_open


def test_clock_done_the_tuesday_after_a_friday_deadline_is_done_late_by_two_working_days():
    reading = read_clock(clock(FRI_13_JUNE, TUE_17_JUNE), today=date(2025, 7, 1))

    assert reading.state == ClockState.DONE_LATE
    assert reading.working_days == 2
    assert reading.text == "Done late by 2 working days, 17 June 2025"
    assert not reading.is_open


def test_clock_done_on_the_saturday_after_a_friday_deadline_is_late_by_one_working_day():
    reading = read_clock(clock(FRI_13_JUNE, SAT_14_JUNE), today=date(2025, 7, 1))

    assert (reading.state, reading.working_days) == (ClockState.DONE_LATE, 1)


def test_an_admin_holiday_is_not_counted_in_the_days_left():
    holiday = Overrides(extra_holidays=frozenset({MON_16_JUNE}))

    reading = read_clock(clock(TUE_17_JUNE), today=FRI_13_JUNE, overrides=holiday)

    assert reading.working_days == 1


# --- incident_clocks -------------------------------------------------------------------------


def test_incident_clocks_without_ofsted_are_the_panel_and_the_partners_due_five_working_days_on():
    clocks = incident_clocks(**no_notifications())

    assert [c.key for c in clocks] == ["panel_notification", "partnership_informed"]
    assert {c.due for c in clocks} == {MON_16_JUNE}


def test_incident_clocks_add_ofsted_and_secretary_of_state_only_when_they_must_be_notified():
    clocks = incident_clocks(
        **no_notifications(
            notify_ofsted=True, ofsted_notified_on=WED_11_JUNE, secretary_of_state_notified_on=TUE_17_JUNE
        )
    )

    by_key = {c.key: c for c in clocks}
    assert list(by_key) == [
        "panel_notification",
        "partnership_informed",
        "ofsted_notification",
        "secretary_of_state_notification",
    ]
    assert by_key["ofsted_notification"].due == MON_16_JUNE
    assert by_key["ofsted_notification"].done_on == WED_11_JUNE
    assert by_key["secretary_of_state_notification"].done_on == TUE_17_JUNE


def test_incident_clocks_ignore_ofsted_dates_when_ofsted_need_not_be_notified():
    clocks = incident_clocks(**no_notifications(ofsted_notified_on=WED_11_JUNE))

    assert "ofsted_notification" not in {c.key for c in clocks}


# --- rapid_review_clock ----------------------------------------------------------------------


def test_rapid_review_is_due_fifteen_working_days_after_the_panel_notification():
    rr = rapid_review_clock(
        aware_date=MON_9_JUNE, panel_notified_on=WED_11_JUNE, sent_to_panel_on=None, periods=PERIODS
    )

    # Thu 12 June + 15 working days: 12, 13, 16-20, 23-27, 30 June, 1 and 2 July.
    assert rr.due == date(2025, 7, 2)
    assert not rr.provisional


def test_rapid_review_before_the_notification_counts_from_when_the_notification_is_due():
    rr = rapid_review_clock(
        aware_date=MON_9_JUNE, panel_notified_on=None, sent_to_panel_on=None, periods=PERIODS
    )

    # Notification due Mon 16 June; 15 working days later is Mon 7 July.
    assert rr.due == date(2025, 7, 7)
    assert rr.provisional


def test_rapid_review_counts_from_the_aware_date_when_set_to_start_from_awareness():
    rr = rapid_review_clock(
        aware_date=MON_9_JUNE,
        panel_notified_on=WED_11_JUNE,
        sent_to_panel_on=date(2025, 6, 27),
        periods=Periods(rapid_review_starts_from="aware"),
    )

    assert rr.due == date(2025, 6, 30)
    assert not rr.provisional
    assert rr.done_on == date(2025, 6, 27)
    assert read_clock(rr, today=date(2025, 7, 10)).state == ClockState.DONE_ON_TIME


# --- late_notifications ----------------------------------------------------------------------


def test_late_notifications_are_the_clocks_done_after_their_due_date():
    on_time = Clock("a", "A", MON_16_JUNE, MON_16_JUNE)
    late = Clock("b", "B", MON_16_JUNE, TUE_17_JUNE)
    open_and_overdue = Clock("c", "C", FRI_13_JUNE, None)

    assert late_notifications([on_time, late, open_and_overdue]) == [late]


# --- latest_start_already_overdue ------------------------------------------------------------


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


@pytest.mark.parametrize(
    "overrides",
    [NO_OVERRIDES, Overrides(extra_holidays=frozenset({date(2024, 4, 2)}), extra_working_days=frozenset())],
    ids=["bank-holidays-only", "with-admin-holiday"],
)
@pytest.mark.parametrize(
    ("first", "last"),
    [(date(2021, 12, 1), date(2022, 1, 20)), (date(2024, 3, 15), date(2024, 4, 15))],
    ids=["christmas-2021", "easter-2024"],
)
def test_latest_start_already_overdue_agrees_with_brute_force(first, last, overrides):
    for today in _days(first, last):
        cutoff = latest_start_already_overdue(today, 5, overrides)
        for start in _days(today - timedelta(days=30), today):
            overdue = add_working_days(start, 5, overrides) < today
            assert (start <= cutoff) == overdue, (today, start, cutoff)


def test_latest_start_already_overdue_on_a_plain_tuesday():
    # Aware on Mon 9 June: due Mon 16, overdue from Tue 17. Aware on Tue 10: due Tue 17, not yet.
    assert latest_start_already_overdue(TUE_17_JUNE, 5) == MON_9_JUNE


# --- Christmas -------------------------------------------------------------------------------


def test_christmas_2021_aware_on_23_december_notification_due_4_january():
    clocks = incident_clocks(**no_notifications(aware_date=date(2021, 12, 23)))
    panel = clocks[0]

    # Fri 24 Dec, then 27 and 28 Dec (substitute Christmas and Boxing Day), 29, 30, 31 Dec,
    # Mon 3 Jan (substitute New Year's Day): day 5 is Tue 4 January 2022.
    assert panel.due == date(2022, 1, 4)
    assert read_clock(panel, today=date(2021, 12, 24)).text == "Due in 4 working days"
    assert read_clock(panel, today=date(2022, 1, 4)).state == ClockState.DUE_TODAY
    assert read_clock(panel, today=date(2022, 1, 5)).text == "Overdue by 1 working day"
    rr = rapid_review_clock(
        aware_date=date(2021, 12, 23), panel_notified_on=None, sent_to_panel_on=None, periods=PERIODS
    )
    assert (rr.due, rr.provisional) == (date(2022, 1, 25), True)
