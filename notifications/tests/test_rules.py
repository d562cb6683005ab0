"""The clock rules of the registry, read on records that need no database: every expected date was
counted off a printed calendar (2025 and 2021/22)."""

from datetime import date, timedelta

import pytest

from notifications.calendar import NO_OVERRIDES, Overrides, add_working_days
from reviews import clocks
from reviews.clocks import Clock, ClockState, Day, read_clock
from reviews.clocks.timing import latest_start_already_overdue
from reviews.models import Incident, RapidReview

OFSTED = (clocks.OFSTED_NOTIFICATION, clocks.SECRETARY_OF_STATE_NOTIFICATION)

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


def read(c: Clock, today: date, overrides: Overrides = NO_OVERRIDES):
    return read_clock(c, today=today, overrides=overrides)


def incident(**fields) -> Incident:
    values = {"kind": "death", "abuse_or_neglect_suspected": True, "aware_date": MON_9_JUNE} | fields
    return Incident(**values)


def on(today: date) -> Day:
    return Day.counting_on(today, NO_OVERRIDES)


def clock_on(today: date, definition: clocks.ClockDefinition, record) -> Clock:
    """The clock, which applies: the tests below read it."""
    found = on(today).clock(definition, record)
    assert found is not None
    return found


# --- read_clock ------------------------------------------------------------------------------


def test_clock_due_monday_read_on_friday_is_due_in_one_working_day_across_the_weekend():
    reading = read(clock(MON_16_JUNE), FRI_13_JUNE)

    assert reading.state == ClockState.DUE
    assert reading.working_days == 1
    assert reading.text == "Due in 1 working day"
    assert reading.is_open


def test_clock_due_monday_read_on_thursday_is_due_in_two_working_days():
    reading = read(clock(MON_16_JUNE), THU_12_JUNE)

    assert (reading.state, reading.working_days, reading.text) == (ClockState.DUE, 2, "Due in 2 working days")


def test_clock_read_on_its_due_date_is_due_today():
    reading = read(clock(MON_16_JUNE), MON_16_JUNE)

    assert (reading.state, reading.working_days, reading.text) == (ClockState.DUE_TODAY, 0, "Due today")
    assert reading.is_open


def test_clock_due_friday_read_next_tuesday_is_overdue_by_two_working_days():
    reading = read(clock(FRI_13_JUNE), TUE_17_JUNE)

    assert (reading.state, reading.working_days, reading.text) == (
        ClockState.OVERDUE,
        2,
        "Overdue by 2 working days",
    )
    assert reading.is_open


def test_clock_due_friday_read_on_saturday_is_overdue_by_at_least_one_working_day():
    assert (
        read(clock(FRI_13_JUNE), SAT_14_JUNE).state,
        read(clock(FRI_13_JUNE), SAT_14_JUNE).working_days,
    ) == (
        ClockState.OVERDUE,
        1,
    )


@pytest.mark.parametrize("done_on", [WED_11_JUNE, MON_16_JUNE], ids=["early", "on-the-due-date"])
def test_clock_done_on_or_before_its_due_date_is_done_on_time(done_on):
    reading = read(clock(MON_16_JUNE, done_on), date(2025, 7, 1))

    assert (reading.state, reading.working_days) == (ClockState.DONE_ON_TIME, 0)
    assert reading.text == f"Done on time, {done_on.day} June 2025"
    assert not reading.is_open


def test_clock_done_the_tuesday_after_a_friday_deadline_is_done_late_by_two_working_days():
    reading = read(clock(FRI_13_JUNE, TUE_17_JUNE), date(2025, 7, 1))

    assert (reading.state, reading.working_days) == (ClockState.DONE_LATE, 2)
    assert reading.text == "Done late by 2 working days, 17 June 2025"


def test_clock_done_on_the_saturday_after_a_friday_deadline_is_late_by_one_working_day():
    reading = read(clock(FRI_13_JUNE, SAT_14_JUNE), date(2025, 7, 1))

    assert (reading.state, reading.working_days) == (ClockState.DONE_LATE, 1)


def test_an_admin_holiday_is_not_counted_in_the_days_left():
    holiday = Overrides(extra_holidays=frozenset({MON_16_JUNE}))

    assert read(clock(TUE_17_JUNE), FRI_13_JUNE, holiday).working_days == 1


# --- The notification clocks -------------------------------------------------------------------


def test_the_panel_and_the_partners_are_due_five_working_days_after_awareness():
    record = incident()

    clocks_ = [on(MON_9_JUNE).clock(d, record) for d in clocks.NOTIFICATION_CLOCKS]

    assert [c.key for c in clocks_ if c] == ["panel_notification", "partnership_informed"]
    assert {c.due for c in clocks_ if c} == {MON_16_JUNE}


def test_ofsted_and_the_secretary_of_state_are_due_for_a_looked_after_childs_death():
    record = incident(
        kind="looked_after_death", ofsted_notified_on=WED_11_JUNE, secretary_of_state_notified_on=TUE_17_JUNE
    )

    by_key = {d.key: clock_on(date(2025, 7, 1), d, record) for d in OFSTED}

    assert by_key["ofsted_notification"] == Clock(
        "ofsted_notification", "Notify Ofsted", MON_16_JUNE, WED_11_JUNE
    )
    assert by_key["secretary_of_state_notification"].done_on == TUE_17_JUNE


def test_a_notification_done_after_the_day_read_is_still_open_on_that_day():
    record = incident(panel_notified_on=TUE_17_JUNE)

    assert clock_on(MON_16_JUNE, clocks.PANEL_NOTIFICATION, record).done_on is None
    assert clock_on(TUE_17_JUNE, clocks.PANEL_NOTIFICATION, record).done_on == TUE_17_JUNE


def test_ofsted_dates_are_ignored_when_ofsted_need_not_be_notified():
    record = incident(ofsted_notified_on=WED_11_JUNE)

    assert on(MON_9_JUNE).clock(clocks.OFSTED_NOTIFICATION, record) is None


def test_late_notifications_are_the_clocks_done_after_their_due_date():
    record = incident(panel_notified_on=MON_16_JUNE, partnership_informed_on=TUE_17_JUNE)

    late = clocks.late_notifications(record, NO_OVERRIDES, date(2025, 7, 1))

    assert [d.key for d in late] == ["partnership_informed"]


# --- The Rapid Review clock ----------------------------------------------------------------------


def test_rapid_review_is_due_fifteen_working_days_after_the_panel_notification():
    rr = clock_on(date(2025, 7, 1), clocks.RAPID_REVIEW, incident(panel_notified_on=WED_11_JUNE))

    # Thu 12 June + 15 working days: 12, 13, 16-20, 23-27, 30 June, 1 and 2 July.
    assert (rr.due, rr.provisional) == (date(2025, 7, 2), False)


def test_rapid_review_before_the_notification_counts_from_when_the_notification_is_due():
    rr = clock_on(MON_9_JUNE, clocks.RAPID_REVIEW, incident())

    # Notification due Mon 16 June; 15 working days later is Mon 7 July.
    assert (rr.due, rr.provisional) == (date(2025, 7, 7), True)


def test_rapid_review_counts_from_the_aware_date_when_set_to_start_from_awareness(settings):
    settings.RAPID_REVIEW_STARTS_FROM = "aware"
    record = incident(panel_notified_on=WED_11_JUNE)
    record.rapid_review = RapidReview(sent_to_panel_on=date(2025, 6, 27))

    rr = clock_on(date(2025, 7, 10), clocks.RAPID_REVIEW, record)

    assert (rr.due, rr.provisional, rr.done_on) == (date(2025, 6, 30), False, date(2025, 6, 27))
    assert read(rr, date(2025, 7, 10)).state == ClockState.DONE_ON_TIME


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
    assert latest_start_already_overdue(TUE_17_JUNE, 5, NO_OVERRIDES) == MON_9_JUNE


# --- Christmas -------------------------------------------------------------------------------


def test_christmas_2021_aware_on_23_december_notification_due_4_january():
    record = incident(aware_date=date(2021, 12, 23))
    panel = clock_on(date(2021, 12, 24), clocks.PANEL_NOTIFICATION, record)

    # Fri 24 Dec, then 27 and 28 Dec (substitute Christmas and Boxing Day), 29, 30, 31 Dec,
    # Mon 3 Jan (substitute New Year's Day): day 5 is Tue 4 January 2022.
    assert panel.due == date(2022, 1, 4)
    assert read(panel, date(2021, 12, 24)).text == "Due in 4 working days"
    assert read(panel, date(2022, 1, 4)).state == ClockState.DUE_TODAY
    assert read(panel, date(2022, 1, 5)).text == "Overdue by 1 working day"
    rr = clock_on(date(2021, 12, 24), clocks.RAPID_REVIEW, record)
    assert (rr.due, rr.provisional) == (date(2022, 1, 25), True)


# --- Periods come from settings ---------------------------------------------------------------


def test_each_clocks_period_is_read_from_settings_when_used(settings):
    settings.CRAG_PANEL_NOTIFICATION_WORKING_DAYS = 3

    assert clocks.PANEL_NOTIFICATION.period.text() == "3 working days"
    assert clock_on(MON_9_JUNE, clocks.PANEL_NOTIFICATION, incident()).due == date(2025, 6, 12)


def test_the_registry_keys_are_the_contract_and_unique():
    assert [d.key for d in clocks.REGISTRY] == [
        "referral_screening",
        "panel_notification",
        "partnership_informed",
        "ofsted_notification",
        "secretary_of_state_notification",
        "rapid_review",
        "panel_response",
        "cspr_publication",
        "pre_publication_notice",
        "earliest_removal",
        "progress_check",
        "action_due",
        "contribution_due",
        "meeting_action_due",
        "resource_use_due",
        "assurance_due",
        "annual_report",
    ]
    assert len(clocks.BY_KEY) == len(clocks.REGISTRY)
