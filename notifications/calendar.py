"""Working days in England and Wales (DESIGN.md section 2).

A working day is Monday to Friday, not an England and Wales bank holiday and not an extra holiday
an admin recorded; an admin may also declare a date a working day. Pure functions of dates: the
overrides are passed in, see `notifications.overrides.current_overrides`.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


@dataclass(frozen=True)
class Overrides:
    """Dates an admin moved out of or into the working week; a working day wins over a holiday."""

    extra_holidays: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()


NO_OVERRIDES = Overrides()


@lru_cache(maxsize=256)
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays of `year`, substitute days included.

    A frozen copy: the package's own object grows when asked about other years.
    """
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: date, overrides: Overrides = NO_OVERRIDES) -> bool:
    if day in overrides.extra_working_days:
        return True
    if day.weekday() >= _SATURDAY or day in overrides.extra_holidays:
        return False
    return day not in bank_holidays(day.year)


def add_working_days(start: date, days: int, overrides: Overrides = NO_OVERRIDES) -> date:
    """Day 0 is `start` itself, whatever day it is; day N is the N-th working day after it."""
    if days < 0:
        raise ValueError(f"days must not be negative, got {days}")
    day = start
    remaining = days
    while remaining:
        day += _ONE_DAY
        if is_working_day(day, overrides):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, overrides: Overrides = NO_OVERRIDES) -> int:
    """Working days d with start < d <= end; negative, counted the other way, when end < start.

    The inverse of `add_working_days`: working_days_between(s, add_working_days(s, n)) == n.
    Arithmetic, not a walk through the days: pages read thousands of clocks at once.
    """
    if end < start:
        return -working_days_between(end, start, overrides)
    days = (end - start).days
    full_weeks, rest = divmod(days, 7)
    weekdays = full_weeks * 5
    first_of_rest = start + timedelta(days=full_weeks * 7)
    weekdays += sum(
        1 for i in range(1, rest + 1) if (first_of_rest + timedelta(days=i)).weekday() < _SATURDAY
    )
    holidays_in_range = {
        day for year in range(start.year, end.year + 1) for day in bank_holidays(year) if start < day <= end
    } | {day for day in overrides.extra_holidays if start < day <= end}
    lost = sum(
        1
        for day in holidays_in_range
        if day.weekday() < _SATURDAY and day not in overrides.extra_working_days
    )
    gained = sum(
        1 for day in overrides.extra_working_days if start < day <= end and day.weekday() >= _SATURDAY
    )
    return weekdays - lost + gained
