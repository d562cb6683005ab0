"""Working days in England and Wales: every expected date was read off a printed calendar."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from hypothesis import given, settings
from hypothesis import strategies as st

from notifications.calendar import (
    NO_OVERRIDES,
    Overrides,
    add_working_days,
    is_working_day,
    working_days_between,
)
from notifications.models import CalendarOverride
from notifications.overrides import current_overrides

# (start, days, expected, overrides)
ADD_CASES = [
    pytest.param(date(2025, 6, 9), 5, date(2025, 6, 16), NO_OVERRIDES, id="plain-monday-plus-5"),
    pytest.param(date(2025, 6, 13), 1, date(2025, 6, 16), NO_OVERRIDES, id="friday-plus-1-is-monday"),
    pytest.param(date(2025, 6, 14), 1, date(2025, 6, 16), NO_OVERRIDES, id="saturday-day-0-plus-1-is-monday"),
    pytest.param(date(2025, 6, 15), 0, date(2025, 6, 15), NO_OVERRIDES, id="days-0-sunday-unchanged"),
    pytest.param(date(2024, 12, 25), 0, date(2024, 12, 25), NO_OVERRIDES, id="days-0-bank-holiday-unchanged"),
    # Christmas Day and Boxing Day 2021 fell on a weekend: substitutes Mon 27 and Tue 28 Dec;
    # New Year's Day 2022 was a Saturday: substitute Mon 3 Jan.
    pytest.param(date(2021, 12, 24), 1, date(2021, 12, 29), NO_OVERRIDES, id="christmas-2021-substitutes"),
    pytest.param(date(2021, 12, 23), 5, date(2022, 1, 4), NO_OVERRIDES, id="christmas-2021-to-new-year-2022"),
    pytest.param(date(2021, 12, 31), 1, date(2022, 1, 4), NO_OVERRIDES, id="new-year-2022-substitute"),
    # Christmas Day 2022 was a Sunday: Boxing Day Mon 26, Christmas substitute Tue 27 Dec;
    # New Year's Day 2023 was a Sunday: substitute Mon 2 Jan.
    pytest.param(date(2022, 12, 23), 1, date(2022, 12, 28), NO_OVERRIDES, id="christmas-2022"),
    pytest.param(date(2022, 12, 23), 5, date(2023, 1, 4), NO_OVERRIDES, id="christmas-2022-to-new-year-2023"),
    # Good Friday 29 Mar 2024, Easter Monday 1 Apr 2024.
    pytest.param(date(2024, 3, 28), 1, date(2024, 4, 2), NO_OVERRIDES, id="easter-2024"),
    pytest.param(date(2024, 3, 26), 5, date(2024, 4, 4), NO_OVERRIDES, id="easter-2024-plus-5"),
    # 2020: the Early May bank holiday moved from Mon 4 May to Fri 8 May (VE Day 75).
    pytest.param(date(2020, 5, 1), 1, date(2020, 5, 4), NO_OVERRIDES, id="early-may-2020-4-may-worked"),
    pytest.param(date(2020, 5, 7), 1, date(2020, 5, 11), NO_OVERRIDES, id="ve-day-2020"),
    # 2022: Spring bank holiday moved from Mon 30 May to Thu 2 Jun; Platinum Jubilee Fri 3 Jun.
    pytest.param(date(2022, 5, 27), 1, date(2022, 5, 30), NO_OVERRIDES, id="spring-2022-30-may-worked"),
    pytest.param(date(2022, 6, 1), 1, date(2022, 6, 6), NO_OVERRIDES, id="platinum-jubilee-2022"),
    pytest.param(date(2022, 5, 27), 5, date(2022, 6, 7), NO_OVERRIDES, id="platinum-jubilee-2022-plus-5"),
    # State Funeral of Queen Elizabeth II, Mon 19 Sep 2022.
    pytest.param(date(2022, 9, 16), 1, date(2022, 9, 20), NO_OVERRIDES, id="state-funeral-2022"),
    # Coronation of King Charles III, Mon 8 May 2023.
    pytest.param(date(2023, 5, 5), 1, date(2023, 5, 9), NO_OVERRIDES, id="coronation-2023"),
    pytest.param(
        date(2025, 6, 13),
        1,
        date(2025, 6, 17),
        Overrides(extra_holidays=frozenset({date(2025, 6, 16)})),
        id="extra-holiday-override",
    ),
    pytest.param(
        date(2023, 5, 5),
        1,
        date(2023, 5, 8),
        Overrides(extra_working_days=frozenset({date(2023, 5, 8)})),
        id="extra-working-day-override-on-bank-holiday",
    ),
    pytest.param(
        date(2025, 6, 13),
        1,
        date(2025, 6, 14),
        Overrides(extra_working_days=frozenset({date(2025, 6, 14)})),
        id="extra-working-day-override-on-saturday",
    ),
]


@pytest.mark.parametrize(("start", "days", "expected", "overrides"), ADD_CASES)
def test_add_working_days(start, days, expected, overrides):
    assert add_working_days(start, days, overrides) == expected
    assert working_days_between(start, expected, overrides) == days


def test_notification_due_skips_coronation_bank_holiday():
    # Aware Thu 4 May 2023 (day 0); Mon 8 May is not a working day: day 5 is Fri 12 May.
    assert add_working_days(date(2023, 5, 4), 5) == date(2023, 5, 12)


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2025, 6, 9), -1)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(date(2021, 12, 27), False, id="christmas-2021-substitute"),
        pytest.param(date(2021, 12, 28), False, id="boxing-day-2021-substitute"),
        pytest.param(date(2022, 1, 3), False, id="new-year-2022-substitute"),
        pytest.param(date(2022, 12, 26), False, id="boxing-day-2022"),
        pytest.param(date(2022, 12, 27), False, id="christmas-2022-substitute"),
        pytest.param(date(2024, 3, 29), False, id="good-friday-2024"),
        pytest.param(date(2024, 4, 1), False, id="easter-monday-2024"),
        pytest.param(date(2020, 5, 8), False, id="ve-day-2020"),
        pytest.param(date(2020, 5, 4), True, id="first-monday-may-2020"),
        pytest.param(date(2022, 5, 30), True, id="last-monday-may-2022"),
        pytest.param(date(2022, 6, 2), False, id="spring-bank-holiday-2022"),
        pytest.param(date(2022, 6, 3), False, id="platinum-jubilee-2022"),
        pytest.param(date(2022, 9, 19), False, id="state-funeral-2022"),
        pytest.param(date(2023, 5, 8), False, id="coronation-2023"),
        pytest.param(date(2025, 6, 13), True, id="plain-friday"),
        pytest.param(date(2025, 6, 14), False, id="saturday"),
        pytest.param(date(2025, 6, 15), False, id="sunday"),
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_working_days_between_counts_backwards_as_negative():
    assert working_days_between(date(2022, 1, 4), date(2021, 12, 23)) == -5
    assert working_days_between(date(2025, 6, 14), date(2025, 6, 15)) == 0
    assert working_days_between(date(2025, 6, 9), date(2025, 6, 9)) == 0


def test_extra_working_day_wins_over_extra_holiday():
    day = date(2025, 6, 16)
    both = Overrides(extra_holidays=frozenset({day}), extra_working_days=frozenset({day}))
    assert is_working_day(day, both)


starts = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
offsets = st.integers(min_value=-10, max_value=60)


@st.composite
def overrides_near(draw: st.DrawFn, start: date) -> Overrides:
    near = st.builds(lambda n: start + timedelta(days=n), offsets)
    return Overrides(
        extra_holidays=draw(st.frozensets(near, max_size=5)),
        extra_working_days=draw(st.frozensets(near, max_size=5)),
    )


@settings(deadline=None, max_examples=300)
@given(start=starts, days=st.integers(min_value=0, max_value=40), data=st.data())
def test_add_working_days_lands_on_the_nth_working_day(start, days, data):
    overrides = data.draw(st.one_of(st.just(NO_OVERRIDES), overrides_near(start)))
    result = add_working_days(start, days, overrides)
    assert working_days_between(start, result, overrides) == days
    assert working_days_between(result, start, overrides) == -days
    if days == 0:
        assert result == start
    else:
        assert result > start
        assert is_working_day(result, overrides)
        # The first date that reaches the count, not a later one.
        assert working_days_between(start, result - timedelta(days=1), overrides) == days - 1


@pytest.mark.django_db
def test_current_overrides_reflects_rows(django_assert_num_queries):
    assert current_overrides() == NO_OVERRIDES
    CalendarOverride.objects.create(
        date=date(2026, 1, 2), kind=CalendarOverride.Kind.HOLIDAY, reason="Extra day proclaimed"
    )
    CalendarOverride.objects.create(
        date=date(2023, 5, 8), kind=CalendarOverride.Kind.WORKING_DAY, reason="Office open on Coronation day"
    )
    with django_assert_num_queries(1):
        overrides = current_overrides()
    assert overrides == Overrides(
        extra_holidays=frozenset({date(2026, 1, 2)}),
        extra_working_days=frozenset({date(2023, 5, 8)}),
    )
    # Thu 1 Jan 2026 is New Year's Day and Fri 2 Jan the extra holiday: Wed 31 Dec + 1 is Mon 5 Jan.
    assert add_working_days(date(2025, 12, 31), 1, overrides) == date(2026, 1, 5)


@pytest.mark.django_db
def test_calendar_override_changes_are_audited():
    row = CalendarOverride.objects.create(
        date=date(2026, 1, 2), kind=CalendarOverride.Kind.HOLIDAY, reason="Extra day proclaimed"
    )
    row.delete()
    actions = sorted(
        LogEntry.objects.filter(object_repr__startswith="2026-01-02").values_list("action", flat=True)
    )
    assert actions == [LogEntry.Action.CREATE, LogEntry.Action.DELETE]


@settings(deadline=None, max_examples=400)
@given(start=starts, length=st.integers(min_value=-800, max_value=800), data=st.data())
def test_working_days_between_counts_as_a_walk_through_the_days_would(start, length, data):
    """The arithmetic count equals stepping through every day asking is_working_day."""
    overrides = data.draw(st.one_of(st.just(NO_OVERRIDES), overrides_near(start)))
    end = start + timedelta(days=length)
    low, high = min(start, end), max(start, end)
    walked = sum(is_working_day(low + timedelta(days=i), overrides) for i in range(1, (high - low).days + 1))
    assert working_days_between(start, end, overrides) == (walked if end >= start else -walked)
