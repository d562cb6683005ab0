"""In-app notifications: the bell's list, and marking them read."""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from crag import tables
from crag.models import User
from notifications.models import Reminder
from notifications.rules import Stage


def _mine(request: HttpRequest) -> QuerySet[Reminder]:
    return Reminder.objects.filter(recipient=cast(User, request.user))


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    reminders = _mine(request).filter(read_at__isnull=True) if unread_only else _mine(request)
    page = tables.paginate(request, reminders.order_by("read_at", "-created_at", "-id"))
    rows = [(r, Stage.of(r.stage).value) for r in page.object_list]
    return render(
        request,
        "notifications/list.html",
        {"page": page, "rows": rows, "unread_only": unread_only, "query": tables.query_without_page(request)},
    )


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = get_object_or_404(_mine(request), pk=pk)
    if reminder.read_at is None:
        _mine(request).filter(pk=pk).update(read_at=timezone.now())
    target = request.POST.get("next", "")
    return redirect(reminder.url if target == "open" else "notifications:list")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    _mine(request).filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications:list")
