"""Each user's deadlines as an iCalendar feed at a secret address (Outlook subscribes to it).
The feed names references and pseudonyms only, never a child's identity."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from crag import permissions
from crag.models import User
from notifications.deadlines import Deadline, action_deadline, actions_with_open_clocks, open_deadlines
from notifications.models import CalendarFeed
from notifications.overrides import current_overrides


def deadlines_for(user: User) -> list[Deadline]:
    """The open clocks this user may see: all of them for CRAG's roles; the action plan's for the
    Business Group; their own agency's actions for an agency action lead."""
    if permissions.can_do_crag_work(user):
        found = list(open_deadlines(current_overrides(), today=timezone.localdate()))
    elif permissions.can_view_action_plan(user):
        actions = actions_with_open_clocks()
        if not permissions.can_see_all_actions(user):
            actions = actions.filter(owner_agency_id=user.agency_id)
        found = [action_deadline(a) for a in actions]
    else:
        return []
    return sorted(found, key=lambda d: (d.clock.due, d.title))


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


def ical(deadlines: list[Deadline], *, now: datetime) -> bytes:
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
    return calendar.to_ical()


def feed_body(user: User) -> bytes:
    return ical(deadlines_for(user), now=timezone.now())
