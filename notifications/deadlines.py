"""Every open clock, with what it is about, for the sweep, the deadlines page and the calendar
feed: read from the clock registry (reviews.clocks), never computed here. Titles are
pseudonymised (a reference and pseudonyms), never a child's identity."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from notifications.calendar import add_working_days, is_working_day
from reviews import clocks
from reviews.clocks import ACTION_DUE, Clock, Day, OpenClock, Stage
from reviews.models import Action, Incident

url_for = clocks.url_for  # the templates' tags import it from here too


@dataclass(frozen=True)
class Deadline:
    """An open clock as the pages, the feed and the sweep show it."""

    subject_type: str  # as listed: DESIGN.md section 2's `subject`
    subject_id: int
    title: str
    url: str
    clock: Clock
    agency_id: int | None = None  # an agency's own deadline (an action): its leads are told


def deadline(found: OpenClock) -> Deadline:
    listing = found.listing
    return Deadline(
        listing.subject, listing.id, found.title[:300], listing.url, found.clock, listing.agency_id
    )


def computed_deadlines(day: Day) -> Iterator[Deadline]:
    """The few clocks computed from incidents, Rapid Reviews, reviews and the annual report."""
    few = tuple(d for d in clocks.REGISTRY if d is not ACTION_DUE)
    for found in day.open_clocks(few):
        yield deadline(found)


def incidents_with_open_clocks(day: date | None = None) -> QuerySet[Incident]:
    """Incidents with at least one clock running on `day` (today): the registry's filters, ORed."""
    wanted = Q()
    for definition in clocks.of_model(Incident):
        wanted |= definition.running_q(day or timezone.localdate())
    records: QuerySet[Incident] = clocks.RECORDS[Incident]()
    return records.filter(wanted)


def actions_with_open_clocks(day: date) -> QuerySet[Action]:
    """Actions whose clock is running (a partial index serves this), soonest due first."""
    records: QuerySet[Action] = clocks.RECORDS[Action]()
    return records.filter(ACTION_DUE.running_q(day)).order_by("due_on", "id")


def action_deadline(action: Action, day: Day) -> Deadline:
    clock = day.clock(ACTION_DUE, action)
    if clock is None:  # the action clock applies to every action
        raise ValueError(f"action {action.pk} has no clock")
    return deadline(OpenClock(ACTION_DUE, action, clock, day.on))


def actions_at_a_stage(day: Day, stages: frozenset[str]) -> QuerySet[Action]:
    """The open actions a sweep on the day may have to remind about, found in SQL: due by the
    next working day (the day-before and due-day stages), or overdue on a working day and not yet
    reminded that day. With tens of thousands of open actions this is the few that matter.

    Only when every action stage is one of those three; with "recorded" enabled for actions
    every open action is a candidate.
    """
    from notifications.models import Reminder

    today, overrides = day.on, day.overrides
    actions = actions_with_open_clocks(today)
    if Stage.RECORDED.value in stages:
        return actions
    window = Q(due_on__gte=today, due_on__lte=add_working_days(today, 1, overrides))
    if Stage.OVERDUE.value in stages and is_working_day(today, overrides):
        reminded = Reminder.objects.filter(
            subject_type=ACTION_DUE.subject,
            subject_id=OuterRef("pk"),
            clock=ACTION_DUE.key,
            due_on=OuterRef("due_on"),
            stage=f"{Stage.OVERDUE.value}:{today.isoformat()}",
        )
        window |= Q(Q(due_on__lt=today), ~Exists(reminded))
    return actions.filter(window)
