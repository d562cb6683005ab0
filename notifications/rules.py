"""What is due and when: pure functions of dates (no ORM, no clock). The dashboard, the incident
page, the deadline sweep and the calendar feed all read their countdowns from here."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from notifications.calendar import (
    NO_OVERRIDES,
    Overrides,
    add_working_days,
    is_working_day,
    working_days_between,
)


@dataclass(frozen=True)
class Periods:
    """The statutory periods in working days (values come from settings, with their sources)."""

    panel_notification: int = 5
    partnership_informed: int = 5
    ofsted_notification: int = 5
    rapid_review: int = 15
    rapid_review_starts_from: str = "notification"
    panel_response: int = 10


class ClockState(StrEnum):
    DUE = "due"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"


@dataclass(frozen=True)
class Clock:
    """One deadline: what, when it is due, and when it was done (if it was)."""

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
        return self.state in (ClockState.DUE, ClockState.DUE_TODAY, ClockState.OVERDUE)


def _days(n: int) -> str:
    return f"{n} working day" + ("" if n == 1 else "s")


def open_state(due: date, today: date) -> ClockState:
    """Where a clock not yet done stands on `today`: it follows from its due date alone."""
    if today == due:
        return ClockState.DUE_TODAY
    return ClockState.DUE if today < due else ClockState.OVERDUE


def read_clock(clock: Clock, *, today: date, overrides: Overrides = NO_OVERRIDES) -> ClockReading:
    """Where a clock stands on `today`: due in N working days, due today, overdue, done."""
    if clock.done_on is not None:
        late = max(working_days_between(clock.due, clock.done_on, overrides), 0)
        if clock.done_on <= clock.due:
            return ClockReading(clock, ClockState.DONE_ON_TIME, 0, f"Done on time, {clock.done_on:%-d %B %Y}")
        late = max(late, 1)
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


def notification_due(aware_date: date, periods: Periods, overrides: Overrides = NO_OVERRIDES) -> date:
    """The Panel must be notified within 5 working days of awareness (day 0 = the aware date)."""
    return add_working_days(aware_date, periods.panel_notification, overrides)


def incident_clocks(
    *,
    aware_date: date,
    notify_ofsted: bool,
    panel_notified_on: date | None,
    partnership_informed_on: date | None,
    ofsted_notified_on: date | None,
    secretary_of_state_notified_on: date | None,
    periods: Periods,
    overrides: Overrides = NO_OVERRIDES,
) -> list[Clock]:
    """The notification clocks of an incident (DESIGN.md section 2)."""
    clocks = [
        Clock(
            "panel_notification",
            "Notify the Panel",
            notification_due(aware_date, periods, overrides),
            panel_notified_on,
        ),
        Clock(
            "partnership_informed",
            "Inform the safeguarding partners",
            add_working_days(aware_date, periods.partnership_informed, overrides),
            partnership_informed_on,
        ),
    ]
    if notify_ofsted:
        due = add_working_days(aware_date, periods.ofsted_notification, overrides)
        clocks.append(Clock("ofsted_notification", "Notify Ofsted", due, ofsted_notified_on))
        clocks.append(
            Clock(
                "secretary_of_state_notification",
                "Notify the Secretary of State",
                due,
                secretary_of_state_notified_on,
            )
        )
    return clocks


def rapid_review_clock(
    *,
    aware_date: date,
    panel_notified_on: date | None,
    sent_to_panel_on: date | None,
    periods: Periods,
    overrides: Overrides = NO_OVERRIDES,
) -> Clock:
    """The Rapid Review goes to the Panel within 15 working days of the notification (or of
    awareness). Before the notification is made, its due date counts from when it is due."""
    provisional = False
    if periods.rapid_review_starts_from == "aware":
        start = aware_date
    elif panel_notified_on is not None:
        start = panel_notified_on
    else:
        start, provisional = notification_due(aware_date, periods, overrides), True
    due = add_working_days(start, periods.rapid_review, overrides)
    return Clock("rapid_review", "Send the Rapid Review to the Panel", due, sent_to_panel_on, provisional)


def panel_response_clock(
    *,
    sent_to_panel_on: date,
    responded_on: date | None,
    periods: Periods,
    overrides: Overrides = NO_OVERRIDES,
) -> Clock:
    """The Panel's response is expected about 10 working days after the Rapid Review is sent."""
    due = panel_response_expected(sent_to_panel_on, periods, overrides)
    return Clock("panel_response", "Panel's response expected", due, responded_on)


def add_calendar_months(start: date, months: int) -> date:
    """The same day `months` later; the month's last day where that day does not exist."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    days_in_month = (date(year + month // 12, month % 12 + 1, 1) - date(year, month, 1)).days
    return date(year, month, min(start.day, days_in_month))


def cspr_publication_clock(*, decision_on: date, published_on: date | None, months: int = 6) -> Clock:
    """A local CSPR is completed and published within 6 calendar months of the decision to
    initiate it; pauses do not move it (Working Together)."""
    return Clock(
        "cspr_publication", "Publish the review", add_calendar_months(decision_on, months), published_on
    )


def subtract_working_days(end: date, days: int, overrides: Overrides = NO_OVERRIDES) -> date:
    """The working day `days` working days before `end` (so that at least that many lie between)."""
    day = end
    for _ in range(days):
        day = previous_working_day(day, overrides)
    return day


def pre_publication_clock(
    *,
    planned_publication_on: date,
    notices: tuple[date | None, ...],
    days: int,
    overrides: Overrides = NO_OVERRIDES,
) -> Clock:
    """The final report goes to the Panel, the Secretary of State and Ofsted at least 7 working
    days before publication (Working Together); done when all three are sent."""
    due = subtract_working_days(planned_publication_on, days, overrides)
    done = max(notices) if all(notices) else None  # type: ignore[type-var]
    return Clock(
        "pre_publication_notice",
        "Send the final report to the Panel, Secretary of State and Ofsted",
        due,
        done,
    )


def removal_clock(*, published_on: date, closed_on: date | None, months: int = 12) -> Clock:
    """A published report stays on the website at least a year: the earliest date it may come off."""
    return Clock(
        "earliest_removal",
        "Earliest date the report may come off the website",
        add_calendar_months(published_on, months),
        closed_on,
    )


def annual_report_clock(*, year: int, published_on: date | None, due_month: int, due_day: int) -> Clock:
    """The annual report of the year Y/Y+1 (1 April to 31 March), due on a local date after it."""
    return Clock(
        "annual_report",
        f"Publish the annual report {year}/{str(year + 1)[-2:]}",
        date(year + 1, due_month, due_day),
        published_on,
    )


def panel_response_expected(
    sent_to_panel_on: date, periods: Periods, overrides: Overrides = NO_OVERRIDES
) -> date:
    """When the Panel's response is expected (informational: about 10 working days)."""
    return add_working_days(sent_to_panel_on, periods.panel_response, overrides)


def late_notifications(clocks: list[Clock]) -> list[Clock]:
    """The clocks that were done after their due date (a reason for the delay must be recorded)."""
    return [c for c in clocks if c.done_on is not None and c.done_on > c.due]


def latest_start_already_overdue(today: date, days: int, overrides: Overrides = NO_OVERRIDES) -> date:
    """The latest start date whose deadline (start + `days` working days) is before `today`.

    Deadlines only move forward as the start does, so "overdue" becomes a plain date comparison
    that the database can answer with an index: start <= this date.
    """
    day = today
    while add_working_days(day, days, overrides) >= today:
        day = date.fromordinal(day.toordinal() - 1)
    return day


class Stage(StrEnum):
    RECORDED = "recorded"  # "due by <date>", as soon as the clock exists
    DAY_BEFORE = "day_before"  # on the working day before the due day
    DUE_DAY = "due_day"
    OVERDUE = "overdue"  # escalated, then again every working day until done

    @classmethod
    def of(cls, stage_key: str) -> "Stage":
        return cls(stage_key.split(":", 1)[0])


def previous_working_day(day: date, overrides: Overrides = NO_OVERRIDES) -> date:
    candidate = date.fromordinal(day.toordinal() - 1)
    while not is_working_day(candidate, overrides):
        candidate = date.fromordinal(candidate.toordinal() - 1)
    return candidate


def due_stages(
    clock: Clock, *, today: date, enabled: frozenset[str], overrides: Overrides = NO_OVERRIDES
) -> list[str]:
    """The reminder stages that a sweep on `today` should have sent for this clock.

    A done clock has none: reminders stop the moment the thing is done. A stage whose day has
    passed unseen (the clock was recorded late) is not sent late; the overdue stage repeats on
    every working day after the due date, keyed by that date.
    """
    if clock.done_on is not None:
        return []
    stages = [Stage.RECORDED.value]
    if previous_working_day(clock.due, overrides) <= today < clock.due:
        stages.append(Stage.DAY_BEFORE.value)
    if today == clock.due:
        stages.append(Stage.DUE_DAY.value)
    if today > clock.due and is_working_day(today, overrides):
        stages.append(f"{Stage.OVERDUE.value}:{today.isoformat()}")
    return [s for s in stages if Stage.of(s).value in enabled]
