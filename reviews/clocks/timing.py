"""Clock arithmetic: pure functions of dates (no ORM, no `now()`). The calendar overrides are an
argument with no default: whoever reads a clock says which calendar it counts on
(reviews.clocks.Day reads the admin's overrides itself, so the pages and the sweep cannot forget).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from notifications.calendar import Overrides, add_working_days, is_working_day, working_days_between

_ONE_DAY = timedelta(days=1)


class ClockState(StrEnum):
    DUE = "due"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"


OPEN_STATES = (ClockState.DUE, ClockState.DUE_TODAY, ClockState.OVERDUE)


@dataclass(frozen=True)
class Clock:
    """One deadline of one record: what, when it is due, and when it was done (if it was)."""

    key: str
    label: str
    due: date
    done_on: date | None = None
    provisional: bool = False  # the due date moves when an earlier step is done


@dataclass(frozen=True)
class ClockReading:
    clock: Clock
    state: ClockState
    working_days: int  # until due (DUE), past due (OVERDUE, DONE_LATE), else 0
    text: str

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


def _days(n: int) -> str:
    return f"{n} working day" + ("" if n == 1 else "s")


def open_state(due: date, today: date) -> ClockState:
    """Where a clock not yet done stands on `today`: it follows from its due date alone."""
    if today == due:
        return ClockState.DUE_TODAY
    return ClockState.DUE if today < due else ClockState.OVERDUE


def read_clock(clock: Clock, *, today: date, overrides: Overrides) -> ClockReading:
    """Where a clock stands on `today`: due in N working days, due today, overdue, done."""
    if clock.done_on is not None:
        if clock.done_on <= clock.due:
            return ClockReading(clock, ClockState.DONE_ON_TIME, 0, f"Done on time, {clock.done_on:%-d %B %Y}")
        late = max(working_days_between(clock.due, clock.done_on, overrides), 1)
        return ClockReading(
            clock, ClockState.DONE_LATE, late, f"Done late by {_days(late)}, {clock.done_on:%-d %B %Y}"
        )
    state = open_state(clock.due, today)
    if state == ClockState.DUE_TODAY:
        return ClockReading(clock, ClockState.DUE_TODAY, 0, "Due today")
    if state == ClockState.DUE:
        left = working_days_between(today, clock.due, overrides)
        return ClockReading(clock, ClockState.DUE, left, f"Due in {_days(left)}")
    over = max(-working_days_between(today, clock.due, overrides), 1)
    return ClockReading(clock, ClockState.OVERDUE, over, f"Overdue by {_days(over)}")


def add_calendar_months(start: date, months: int) -> date:
    """The same day `months` later (or earlier); the month's last day where that day does not
    exist (31 August + 6 months = 28 or 29 February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    days_in_month = (date(year + month // 12, month % 12 + 1, 1) - date(year, month, 1)).days
    return date(year, month, min(start.day, days_in_month))


def previous_working_day(day: date, overrides: Overrides) -> date:
    candidate = day - _ONE_DAY
    while not is_working_day(candidate, overrides):
        candidate -= _ONE_DAY
    return candidate


def subtract_working_days(end: date, days: int, overrides: Overrides) -> date:
    """The working day `days` working days before `end` (so that at least that many lie between)."""
    day = end
    for _ in range(days):
        day = previous_working_day(day, overrides)
    return day


def latest_start_already_overdue(today: date, days: int, overrides: Overrides) -> date:
    """The latest start date whose deadline (start + `days` working days) is before `today`.

    Deadlines only move forward as the start does, so "overdue" becomes a plain date comparison
    that the database can answer with an index: start <= this date.
    """
    day = today
    while add_working_days(day, days, overrides) >= today:
        day -= _ONE_DAY
    return day


class Stage(StrEnum):
    """The reminders of a clock. One stage a day at most: the one that says where it stands."""

    RECORDED = "recorded"  # "due by <date>", while the due date is more than a working day away
    DAY_BEFORE = "day_before"  # from the working day before the due day
    DUE_DAY = "due_day"
    OVERDUE = "overdue"  # escalated, then again on working days (keyed by the day) until done

    @classmethod
    def of(cls, stage_key: str) -> "Stage":
        return cls(stage_key.split(":", 1)[0])


def due_stages(
    clock: Clock, *, today: date, enabled: frozenset[str], overrides: Overrides, overdue_every: int = 1
) -> list[str]:
    """The reminder a sweep on `today` should have made for this clock: the stage `today` is in.

    A done clock has none: reminders stop the moment the thing is done. A clock first seen late
    gets only the stage it is in (an overdue clock is not also told it is "due by"). Overdue
    repeats on the first working day past the due date and then every `overdue_every` working
    days (1: daily; a CSPR whose reason for delay was sent: monthly).
    """
    if clock.done_on is not None and clock.done_on <= today:
        return []
    if today > clock.due:
        if not is_working_day(today, overrides):
            return []
        if (working_days_between(clock.due, today, overrides) - 1) % overdue_every:
            return []
        stage = f"{Stage.OVERDUE.value}:{today.isoformat()}"
    elif today == clock.due:
        stage = Stage.DUE_DAY.value
    elif previous_working_day(clock.due, overrides) <= today:
        stage = Stage.DAY_BEFORE.value
    else:
        stage = Stage.RECORDED.value
    return [stage] if Stage.of(stage).value in enabled else []
