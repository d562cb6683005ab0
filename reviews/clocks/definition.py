"""What a clock is, as data: one ClockDefinition per clock of DESIGN.md section 2, each with its
Python rule and, beside it, the database filter that must agree with it (a property test checks
that they select the same records)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db.models import Q

from notifications.calendar import Overrides, add_working_days
from reviews.clocks.timing import Clock, Stage, add_calendar_months, subtract_working_days

ALL_STAGES = frozenset(s.value for s in Stage)


class Unit(StrEnum):
    WORKING_DAYS = "working days"  # day 0 is the start itself (DESIGN.md section 2)
    WORKING_DAYS_BEFORE = "working days before"  # counted back from the start
    CALENDAR_MONTHS = "calendar months"
    WEEKS = "weeks"
    SET_DATE = "set date"  # the record carries its own due date (an action)


@dataclass(frozen=True)
class Period:
    """A statutory period: its length lives in settings (with its source), read when used."""

    setting: str
    unit: Unit

    @property
    def amount(self) -> int:
        return int(getattr(settings, self.setting)) if self.setting else 0

    def text(self) -> str:
        """ "5 working days", "6 calendar months" (for pages and help text)."""
        if self.unit == Unit.SET_DATE:
            return "the date set"
        words = {Unit.WORKING_DAYS_BEFORE: Unit.WORKING_DAYS}.get(self.unit, self.unit).value
        return f"{self.amount} {words[:-1] if self.amount == 1 else words}"

    def after(self, start: date, overrides: Overrides) -> date:
        if self.unit == Unit.WORKING_DAYS:
            return add_working_days(start, self.amount, overrides)
        if self.unit == Unit.WORKING_DAYS_BEFORE:
            return subtract_working_days(start, self.amount, overrides)
        if self.unit == Unit.CALENDAR_MONTHS:
            return add_calendar_months(start, self.amount)
        if self.unit == Unit.WEEKS:
            return start + timedelta(weeks=self.amount)
        return start


class Recipients(StrEnum):
    """Who hears of a clock (role names per stage, in settings)."""

    SUBGROUP = "CRAG_REMINDER_RECIPIENTS"  # CRAG's own clocks
    OWNER_AGENCY = "CRAG_ACTION_REMINDER_RECIPIENTS"  # an agency's own deadline: its action leads
    CONTRIBUTING_AGENCY = "CRAG_CONTRIBUTION_REMINDER_RECIPIENTS"  # an agency's return: its leads
    MEETING_ACTION = "CRAG_MEETING_ACTION_REMINDER_RECIPIENTS"  # its owner, then the chair too

    @property
    def agency_scoped(self) -> bool:
        """The agency leads among its roles are only those of the listing's agency."""
        return self in (Recipients.OWNER_AGENCY, Recipients.CONTRIBUTING_AGENCY)

    def roles(self, stage: str) -> list[str]:
        return list(getattr(settings, self.value).get(Stage.of(stage).value, []))


@dataclass(frozen=True)
class Listing:
    """How an open clock is listed: the subject of DESIGN.md section 2's `deadlines` output, and a
    pseudonymised title (a reference and pseudonyms, never a child's identity) with its page."""

    subject: str
    id: int
    ref: str | None
    title: str
    url: str
    agency_id: int | None = None  # an agency's own deadline: its leads are told
    owner_id: int | None = None  # a person's own deadline (a meeting action): they are told


Start = Callable[[Any, date, Overrides], tuple[date, bool] | None]


@dataclass(frozen=True)
class ClockDefinition:
    """One clock. Its Python rule (`applies`, `exists_from`, `completed_on`) and its database
    filter (`applies_q`, `exists_q`, `pending_q`) are written side by side and must agree:
    open on day D = applies, the record existed on D, and not completed on or before D."""

    key: str  # `contract` (DESIGN.md section 2)
    label: str
    subject: str  # the record the clock belongs to: its reminders are keyed by it
    model: type[Any]
    period: Period
    source: str  # the statute or guidance that sets it
    applies: Callable[[Any], bool]
    applies_q: Q
    starts: Start  # (start, provisional) as seen on a day
    completed_on: Callable[[Any], date | None]
    pending_q: Callable[[date], Q]  # not completed on or before the day
    exists_from: Callable[[Any], date | None]
    exists_q: Callable[[date], Q]
    listing: Callable[[Any], Listing]
    recipients: Recipients = Recipients.SUBGROUP
    overdue_every: Callable[[Any, date], int] = field(default=lambda record, day: 1)
    start_field: str = ""  # the column the due date grows with, when it is one column
    informational: bool = False

    def stages(self) -> frozenset[str]:
        """The stages that remind of this clock: CRAG_CLOCK_STAGES narrows the enabled ones."""
        enabled = frozenset(settings.CRAG_REMINDER_STAGES)
        return frozenset(settings.CRAG_CLOCK_STAGES.get(self.key, ALL_STAGES)) & enabled

    # --- The Python rule ---------------------------------------------------------------------

    def is_running(self, record: Any, day: date) -> bool:
        """Applies and not completed on or before `day` (the present: every record exists)."""
        done = self.completed_on(record)
        return self.applies(record) and (done is None or done > day)

    def is_open(self, record: Any, day: date) -> bool:
        """Open on `day` (DESIGN.md section 2): running, and its record existed on that day."""
        since = self.exists_from(record)
        return since is not None and since <= day and self.is_running(record, day)

    def clock(self, record: Any, *, day: date, overrides: Overrides) -> Clock | None:
        """The clock as seen on `day`, done or not; None where it does not apply."""
        if not self.applies(record):
            return None
        started = self.starts(record, day, overrides)
        if started is None:
            return None
        start, provisional = started
        done = self.completed_on(record)
        return Clock(
            self.key,
            self.label,
            self.period.after(start, overrides),
            done if done is not None and done <= day else None,
            provisional,
        )

    # --- The database filter, beside it ---------------------------------------------------------

    def running_q(self, day: date) -> Q:
        return self.applies_q & self.pending_q(day)

    def open_q(self, day: date) -> Q:
        return self.running_q(day) & self.exists_q(day)

    def overdue_q(self, day: date, overrides: Overrides) -> Q:
        """Running and past its due date on `day`: the due date grows with one column, so this is
        a comparison of that column with the latest start already overdue."""
        if not self.start_field:
            raise ValueError(f"{self.key}: its due date is not a function of one column")
        latest = day
        while self.period.after(latest, overrides) < day:  # a period counted back from its start
            latest += timedelta(days=7)
        while self.period.after(latest, overrides) >= day:
            latest -= timedelta(days=1)
        return self.running_q(day) & Q(**{f"{self.start_field}__lte": latest})


def after(column: str) -> Callable[[date], Q]:
    """`column` is null or later than the day: not done on or before it."""
    return lambda day: Q(**{f"{column}__isnull": True}) | Q(**{f"{column}__gt": day})


def on_or_before(column: str) -> Callable[[date], Q]:
    return lambda day: Q(**{f"{column}__lte": day})
