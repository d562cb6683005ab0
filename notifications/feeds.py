"""Each user's deadlines as an iCalendar feed at a secret address (Outlook subscribes to it).
The feed names references and pseudonyms only, never a child's identity."""

import heapq
import secrets
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from functools import cached_property
from itertools import islice
from typing import cast, overload

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from icalendar import Calendar, Event

from crag import permissions
from crag.models import User
from notifications import invitations, receivers
from notifications.deadlines import Deadline, action_deadline, actions_with_open_clocks, computed_deadlines
from notifications.models import CalendarFeed
from reviews.clocks import CONTRIBUTION_DUE, Day
from reviews.models import Action

# A backstop: bulk loads (generate_load_data) bypass the signals that move the version on.
COMPUTED_SECONDS = 300


def deadline_sources(user: User, day: Day) -> tuple[list[Deadline], QuerySet[Action]]:
    """What the user may see, in two parts: the few clocks of incidents, reviews and the annual
    report (computed), and the open actions (a query: there may be tens of thousands). CRAG's
    roles see all of them; the Business Group the action plan; an agency action lead their own
    agency's actions and the returns it owes."""
    actions = actions_with_open_clocks(day.on)
    if permissions.can_do_crag_work(user):
        return shared_computed_deadlines(day), actions
    if permissions.can_view_action_plan(user):
        if permissions.can_see_all_actions(user):
            return [], actions
        # An agency action lead: their agency's actions and the returns their agency owes.
        owed = [
            d
            for d in shared_computed_deadlines(day)
            if d.clock.key == CONTRIBUTION_DUE.key and d.agency_id == user.agency_id
        ]
        return owed, actions.filter(owner_agency_id=user.agency_id)
    return [], actions.none()


def shared_computed_deadlines(day: Day) -> list[Deadline]:
    """The clocks of incidents, Rapid Reviews, reviews and the annual report, soonest first.
    Computing them reads every incident with a clock open; the result is shared between readers
    until one of those records changes (notifications.receivers) or the day does."""
    key = f"deadlines:computed:{day.on.isoformat()}:{receivers.version()}"
    found = cache.get(key)
    if found is None:
        found = sorted(computed_deadlines(day), key=order)
        cache.set(key, found, COMPUTED_SECONDS)
    return cast(list[Deadline], found)


def order(deadline: Deadline) -> tuple[object, ...]:
    """Soonest first; the same order for computed deadlines and actions read from the database."""
    return (deadline.clock.due, deadline.subject_type, deadline.subject_id, deadline.clock.key)


class Deadlines(Sequence[Deadline]):
    """The user's deadlines in order, read only as far as a page needs: the computed few merged
    with the open actions, which the database sorts by due date and hands over a page at a time."""

    def __init__(self, few: list[Deadline], actions: QuerySet[Action], day: Day) -> None:
        self.few = few
        self.actions = actions.order_by("due_on", "id")
        self.day = day

    @cached_property
    def _count(self) -> int:
        return len(self.few) + self.actions.count()

    def __len__(self) -> int:
        return self._count

    def count(self, value: object = None) -> int:
        """Paginator's count (not Sequence.count)."""
        return self._count

    @overload
    def __getitem__(self, index: int) -> Deadline: ...
    @overload
    def __getitem__(self, index: slice) -> list[Deadline]: ...
    def __getitem__(self, index: int | slice) -> Deadline | list[Deadline]:
        if isinstance(index, int):
            found = self[index : index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop, step = index.indices(len(self))
        actions = (action_deadline(a, self.day) for a in self.actions[:stop])
        return list(islice(heapq.merge(self.few, actions, key=order), start, stop, step))

    def __iter__(self) -> Iterator[Deadline]:
        actions = (action_deadline(a, self.day) for a in self.actions.iterator(chunk_size=2000))
        return heapq.merge(self.few, actions, key=order)


def deadlines_for(user: User, day: Day | None = None) -> list[Deadline]:
    """Every open clock the user may see, soonest first (the calendar feed)."""
    day = day or Day(timezone.localdate())
    return list(Deadlines(*deadline_sources(user, day), day))


@transaction.atomic
def feed_for(user: User) -> CalendarFeed:
    """The user's feed, made on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return feed


@transaction.atomic
def regenerate(user: User) -> CalendarFeed:
    """A new secret address; the old one answers 404 from now on."""
    feed = feed_for(user)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token", "created_at"])
    return feed


def ical(deadlines: list[Deadline], *, now: datetime, meetings: Sequence[Event] = ()) -> bytes:
    """The deadlines as all-day events, and the user's CRAG meetings as the invitations they were
    sent (the same UID and SEQUENCE, so a calendar holding both keeps one)."""
    calendar = Calendar()
    calendar.add("prodid", "-//CRAG//Deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "CRAG deadlines")
    for deadline in deadlines:
        event = Event()
        event.add("uid", f"{deadline.subject_type}-{deadline.subject_id}-{deadline.clock.key}@crag")
        event.add("dtstamp", now)
        event.add("dtstart", deadline.clock.due)
        event.add("dtend", deadline.clock.due + timedelta(days=1))
        event.add("summary", f"Due: {deadline.title}")
        event.add("url", f"{settings.CRAG_BASE_URL}{deadline.url}")
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    for meeting in meetings:
        calendar.add_component(meeting)
    if meetings:
        calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def feed_body(user: User) -> bytes:
    now = timezone.now()
    return ical(deadlines_for(user), now=now, meetings=invitations.meeting_events(user.pk, now=now))
