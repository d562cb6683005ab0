"""In-app notifications: the bell's list, and marking them read."""

from collections.abc import Iterable
from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from crag import listing, permissions
from crag.models import User
from notifications import feeds, reading
from notifications.deadlines import Deadline
from notifications.models import CalendarFeed, Reminder
from reviews.clocks import ACTION_DUE, REGISTRY, ClockReading, Day, Stage, open_state


def _mine(request: HttpRequest) -> QuerySet[Reminder]:
    return Reminder.objects.filter(recipient=cast(User, request.user))


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponseBase:
    unread_only = request.GET.get("show") == "unread"  # a link, not a filter form
    reminders = _mine(request).filter(read_at__isnull=True) if unread_only else _mine(request)
    return listing.list_page(
        request,
        select=lambda _: reminders.order_by("read_at", "-created_at", "-id"),
        rows=lambda shown: [(r, Stage.of(r.stage).value) for r in shown],
        context=lambda _: {"unread_only": unread_only},
        template="notifications/list.html",
    )


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = get_object_or_404(_mine(request), pk=pk)
    reading.reminders_mark_read(user=cast(User, request.user), reminders=_mine(request).filter(pk=pk))
    target = request.POST.get("next", "")
    return redirect(reminder.url if target == "open" else "notifications:list")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    reading.reminders_mark_read(user=cast(User, request.user), reminders=_mine(request))
    return redirect("notifications:list")


CLOCK_CHOICES = [("", "Any"), *((d.key, d.label) for d in REGISTRY)]
STATE_CHOICES = [("", "Any"), ("overdue", "Overdue"), ("due_today", "Due today"), ("due", "Due later")]


class DeadlineFilterForm(forms.Form):
    clock = forms.ChoiceField(label="Deadline", choices=CLOCK_CHOICES, required=False)
    state = forms.ChoiceField(label="Where it stands", choices=STATE_CHOICES, required=False)


ACTION_STATE_LOOKUP = {"overdue": "lt", "due_today": "exact", "due": "gt"}  # due date against today


def _deadlines(user: User, day: Day, filters: listing.Filters) -> feeds.Deadlines:
    """The user's open clocks, narrowed to one clock and to where they stand."""
    few, actions = feeds.deadline_sources(user, day)
    if filters.get("clock"):
        few = [d for d in few if d.clock.key == filters["clock"]]
        if filters["clock"] != ACTION_DUE.key:
            actions = actions.none()
    if filters.get("state"):  # an open clock's state follows from its due date
        few = [d for d in few if open_state(d.clock.due, day.on) == filters["state"]]
        actions = actions.filter(**{f"due_on__{ACTION_STATE_LOOKUP[filters['state']]}": day.on})
    return feeds.Deadlines(few, actions, day)


@login_required
@require_GET
def deadline_list(request: HttpRequest) -> HttpResponseBase:
    """Every open clock the user may see, soonest first, from the same rules as the dashboard."""
    user = cast(User, request.user)
    day = Day(timezone.localdate())

    def read(found: Iterable[Deadline]) -> list[tuple[Deadline, ClockReading]]:
        return [(d, day.read(d.clock)) for d in found]

    return listing.list_page(
        request,
        filter_form=DeadlineFilterForm,
        select=lambda filters: _deadlines(user, day, filters),
        export=listing.Export(
            "crag-deadlines",
            "deadlines",
            ["deadline", "due", "where it stands"],
            lambda found: ([d.title, d.clock.due, r.text] for d, r in read(found)),
            stream=True,
        ),
        rows=read,  # read only the clocks shown
        context=lambda deadlines: {
            "feed": feeds.feed_for(user) if deadlines or permissions.can_do_crag_work(user) else None
        },
        template="notifications/deadlines.html",
    )


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret feed address: no sign-in (calendar programs cannot), so the token is the key."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    response = HttpResponse(feeds.feed_body(feed.user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_POST
def calendar_feed_regenerate(request: HttpRequest) -> HttpResponse:
    feeds.regenerate(cast(User, request.user))
    messages.success(request, "Your calendar address has changed. The old address no longer works.")
    return redirect("notifications:deadlines")
