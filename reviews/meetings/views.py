"""CRAG's meetings: CRAG plans them, invites people, drafts the agenda and records attendance; an
invited member reads the meeting's page. A meeting the user may not see is 404."""

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crag import listing, permissions
from reviews.editing.handling import actor, confirm_step, posted, submit
from reviews.editing.once import submit_once
from reviews.meetings import agenda, selectors, services
from reviews.meetings.forms import (
    AgendaItemForm,
    AttendanceForm,
    MeetingCreateForm,
    MeetingEditForm,
    MeetingFilterForm,
    MemberAddForm,
)
from reviews.meetings.quorum import quorum
from reviews.models import AgendaItem, Meeting, MeetingMember


def _detail(meeting: Meeting) -> str:
    return reverse("reviews:meeting_detail", args=[meeting.pk])


def _managed(request: HttpRequest, pk: int) -> Meeting:
    """A meeting the user may see (else 404) and manage (else 403)."""
    meeting = selectors.meeting_get(user=actor(request), pk=pk)
    permissions.require(bool(permissions.can_manage_meetings(request.user)))
    return meeting


MEETING_HEADER = [
    "title",
    "date",
    "starts",
    "ends",
    "place",
    "online link",
    "status",
    "invited",
    "attended",
    "agenda items",
    "quorate",
]


def _csv_rows(meetings: Iterable[Meeting]) -> Iterator[list[object]]:
    for m in meetings:
        members = list(m.members.all())
        yield [
            m.title,
            m.held_on,
            m.starts_at.strftime("%H:%M"),
            m.ends_at.strftime("%H:%M") if m.ends_at else "",
            m.place,
            m.link,
            m.get_status_display(),
            len(members),
            sum(1 for x in members if x.attendance == "attended"),
            getattr(m, "item_count", ""),
            "yes" if quorum(m).quorate else "no",
        ]


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponseBase:
    user = actor(request)
    today = timezone.localdate()
    return listing.list_page(
        request,
        filter_form=MeetingFilterForm,
        select=lambda filters: selectors.meeting_list(user=user, filters=filters, today=today),
        export=listing.Export("crag-meetings", "CRAG meetings", MEETING_HEADER, _csv_rows),
        rows=lambda meetings: [(m, quorum(m)) for m in meetings],
        context=lambda _: {"can_manage": permissions.can_manage_meetings(user), "today": today},
        template="reviews/meetings/meeting_list.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    permissions.require(bool(permissions.can_manage_meetings(request.user)))
    back = reverse("reviews:meeting_list")
    return submit_once(
        request,
        MeetingCreateForm(posted(request)),
        lambda data: services.meeting_create(actor=actor(request), **data),
        success=lambda done: f"{done} planned. Invitations will be sent to those invited.",
        then=_detail,
        title="Plan a CRAG meeting",
        submit="Plan the meeting",
        back=back,
    )


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    meeting = selectors.meeting_get(user=user, pk=pk)
    return render(
        request,
        "reviews/meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "quorum": quorum(meeting),
            "can_manage": permissions.can_manage_meetings(user),
            "mine": selectors.member_of(meeting, user),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    initial = {f: getattr(meeting, f) for f in services.EDITABLE_FIELDS}
    return submit(
        request,
        MeetingEditForm(posted(request), initial=initial, read=meeting),
        lambda data: services.meeting_update(actor=actor(request), meeting=meeting, **data),
        success=lambda done: (
            "Meeting updated."
            + (" Invitees will be sent the updated invitation." if done.sequence != meeting.sequence else "")
        ),
        then=_detail,
        title=f"Change {meeting}",
        submit="Save changes",
        back=_detail(meeting),
        intro="Changing the date, time or place sends each invitee an updated calendar invitation.",
    )


def _confirm(
    request: HttpRequest, meeting: Meeting, *, call: Callable[[], Any], done: str, **page: str
) -> HttpResponse:
    return confirm_step(
        request, call=call, done=done, back=_detail(meeting), caption=str(meeting), destructive=True, **page
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    return _confirm(
        request,
        meeting,
        call=lambda: services.meeting_cancel(actor=actor(request), meeting=meeting),
        done="Meeting cancelled. Invitees will be sent the cancellation.",
        title="Cancel this meeting?",
        button="Cancel the meeting",
        text="Each invitee is sent a cancellation for their calendar. A cancelled meeting cannot be "
        "planned again: plan a new one instead.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = AttendanceForm(posted(request), members=list(meeting.members.all()))
    return submit(
        request,
        form,
        lambda _: services.attendance_record(
            actor=actor(request), meeting=meeting, attendance=form.attendance()
        ),
        success=lambda _: "Attendance recorded.",
        then=_detail,
        title=f"Attendance at {meeting}",
        submit="Save attendance",
        back=_detail(meeting),
        intro="For each person invited, record whether they attended. The quorum is counted from "
        "who attended.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_members(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    members = list(meeting.members.all())
    form = MemberAddForm(
        posted(request) if "user" in request.POST else None, exclude=[m.user_id for m in members]
    )
    errors: list[str] = []
    if request.method == "POST":
        try:
            if (remove := request.POST.get("remove", "")).isdigit():
                member = get_object_or_404(MeetingMember, pk=int(remove), meeting=meeting)
                services.member_remove(actor=actor(request), meeting=meeting, member=member)
                messages.success(request, f"{member.user} is no longer invited.")
                return redirect(reverse("reviews:meeting_members", args=[meeting.pk]))
            if form.is_valid():
                added = services.member_add(
                    actor=actor(request), meeting=meeting, user=form.cleaned_data["user"]
                )
                messages.success(request, f"{added.user} invited. Their invitation will be sent shortly.")
                return redirect(reverse("reviews:meeting_members", args=[meeting.pk]))
        except ValidationError as error:
            errors = error.messages
    context = {"meeting": meeting, "members": members, "form": form, "errors": errors}
    status = 400 if errors or form.errors else 200
    return render(request, "reviews/meetings/members.html", context, status=status)


@login_required
@require_POST
def agenda_draft(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    try:
        added = agenda.agenda_draft(actor=actor(request), meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_detail(meeting))
    if added:
        messages.success(
            request,
            f"{len(added)} item{'' if len(added) == 1 else 's'} added to the agenda from what is due.",
        )
    else:
        messages.info(request, "Nothing was added: the agenda already lists everything that is due.")
    return redirect(f"{_detail(meeting)}#agenda")


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    return submit_once(
        request,
        AgendaItemForm(posted(request)),
        lambda data: services.agenda_item_add(actor=actor(request), meeting=meeting, **data),
        success=lambda done: f"Item {done.number} added to the agenda.",
        then=lambda _: f"{_detail(meeting)}#agenda",
        title=f"Add an item to the agenda of {meeting}",
        submit="Add the item",
        back=_detail(meeting),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = _managed(request, pk)
    found: AgendaItem = get_object_or_404(AgendaItem, pk=item, meeting=meeting)
    return _confirm(
        request,
        meeting,
        call=lambda: services.agenda_item_remove(actor=actor(request), meeting=meeting, item=found),
        done=f"Item “{found.title}” removed from the agenda.",
        title=f"Remove item {found.number} from the agenda?",
        button="Remove the item",
        text=f"“{found.title}” will be taken off the agenda and the items after it renumbered.",
    )
