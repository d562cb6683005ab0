"""The minutes pages: each item's discussion and decisions (written on their records), the actions
agreed, the chair's approval and the amendments beside approved minutes, and the papers."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from crag import audit, permissions
from reviews.choices import MeetingDecisionKind
from reviews.editing.handling import actor, form_page, posted, submit
from reviews.editing.once import Once, submit_once
from reviews.meetings import decisions, minutes
from reviews.meetings import minutes_selectors as selectors
from reviews.meetings import papers as meeting_papers
from reviews.meetings.minutes_forms import (
    ActionDoneForm,
    AmendForm,
    ApproveForm,
    DecisionForm,
    ItemMinuteForm,
    MeetingActionForm,
)
from reviews.models import AgendaItem, Meeting
from reviews.storage import private_file_response


def _minutes_url(meeting: Meeting) -> str:
    return reverse("reviews:meeting_minutes", args=[meeting.pk])


def _crag_meeting(request: HttpRequest, pk: int, *, approve: bool = False) -> Meeting:
    meeting = selectors.meeting_get(user=actor(request), pk=pk)
    allowed = permissions.can_approve_minutes if approve else permissions.can_minute_meetings
    permissions.require(bool(allowed(request.user)))
    return meeting


@login_required
@require_GET
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=actor(request), pk=pk)
    return render(
        request,
        "reviews/meetings/minutes.html",
        selectors.minutes_context(user=actor(request), meeting=meeting),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_minute(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = _crag_meeting(request, pk)
    agenda_item = selectors.item_get(meeting=meeting, pk=item)
    back = _minutes_url(meeting)
    return submit(
        request,
        ItemMinuteForm(posted(request), initial={"discussion": agenda_item.discussion}, read=agenda_item),
        lambda data: minutes.item_minute(actor=actor(request), item=agenda_item, **data),
        success=lambda done: f"Discussion of item {done.number} saved.",
        then=lambda _: back,
        title=f"Minute item {agenda_item.number}: {agenda_item.title}",
        submit="Save discussion",
        back=back,
        intro=agenda_item.summary,
    )


def _will_write(item: AgendaItem, form: DecisionForm) -> list[tuple[str, str]]:
    """What the decision writes, and on which record, for the confirmation page."""
    kind, payload = form.cleaned_data["kind"], form.payload()
    record = decisions.record_of(item, kind, payload)
    rows = [
        ("Decision", MeetingDecisionKind(kind).label),
        ("Minuted", form.cleaned_data["text"]),
    ]
    if record is not None:
        rows.append(("Written on", str(record)))
    for name, value in payload.items():
        shown = (
            {True: "Yes", False: "No", None: "Not said"}.get(value, value)
            if isinstance(value, bool | None)
            else value
        )
        rows.append((str(DecisionForm.base_fields[name].label), str(shown)))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def meeting_decision_add(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = _crag_meeting(request, pk)
    agenda_item = selectors.item_get(meeting=meeting, pk=item)
    back = _minutes_url(meeting)
    form = DecisionForm(posted(request))
    once = Once(request, form)
    if (earlier := once.earlier()) is not None:
        return earlier
    page: dict[str, Any] = {
        "title": f"Record a decision on item {agenda_item.number}: {agenda_item.title}",
        "back": back,
    }
    if request.method == "POST" and form.is_valid():
        try:
            rows = _will_write(agenda_item, form)
        except ValidationError as refused:
            form.add_error(None, refused.messages)
        else:
            if request.POST.get("confirmed") != "yes":
                return render(
                    request,
                    "reviews/meetings/minutes_decision_confirm.html",
                    {"form": form, "rows": rows, **page},
                )
            done = once.create(
                form,
                lambda: decisions.decision_record(
                    actor=actor(request),
                    item=agenda_item,
                    kind=form.cleaned_data["kind"],
                    text=form.cleaned_data["text"],
                    **form.payload(),
                ),
                success=lambda _: "Decision recorded.",
                then=lambda _: back,
            )
            if done is not None:
                return done
    return form_page(request, form, submit="Continue", intro=agenda_item.summary, **page)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _crag_meeting(request, pk)
    back = _minutes_url(meeting)
    return submit_once(
        request,
        MeetingActionForm(posted(request), meeting=meeting),
        lambda data: minutes.meeting_action_add(actor=actor(request), meeting=meeting, **data),
        success=lambda done: f"Action added for {done.owner_agency}.",
        then=lambda _: back,
        title=f"Add an action agreed at the {meeting}",
        submit="Add action",
        back=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_action_done(request: HttpRequest, pk: int, action: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=actor(request), pk=pk)
    agreed = selectors.action_get(meeting=meeting, pk=action)
    permissions.require(minutes.may_complete(actor(request), agreed))
    back = _minutes_url(meeting)
    return submit(
        request,
        ActionDoneForm(posted(request), read=agreed),
        lambda data: minutes.meeting_action_done(actor=actor(request), action=agreed, **data),
        success=lambda _: "Action marked as done.",
        then=lambda _: back,
        title="Mark the action as done",
        submit="Mark as done",
        back=back,
        intro=agreed.description,
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _crag_meeting(request, pk, approve=True)
    back = _minutes_url(meeting)
    return submit(
        request,
        ApproveForm(posted(request), later=selectors.later_meetings(meeting)),
        lambda data: minutes.minutes_approve(actor=actor(request), meeting=meeting, **data),
        success=lambda _: "Minutes approved. They are now read-only: corrections are recorded beside them.",
        then=lambda _: back,
        title=f"Approve the minutes of the {meeting}",
        submit="Approve minutes",
        back=back,
        intro="Once approved, the discussion, decisions and actions cannot be changed: corrections are "
        "recorded beside them as amendments.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_amend(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _crag_meeting(request, pk)
    back = _minutes_url(meeting)
    return submit_once(
        request,
        AmendForm(posted(request)),
        lambda data: minutes.minutes_amend(actor=actor(request), meeting=meeting, **data),
        success=lambda _: "Amendment recorded beside the minutes.",
        then=lambda _: back,
        title=f"Amend the approved minutes of the {meeting}",
        submit="Record amendment",
        back=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_papers_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=actor(request), pk=pk)
    can_generate = bool(permissions.can_manage_meetings(request.user))
    if request.method == "POST":
        permissions.require(can_generate)
        meeting_papers.papers_request(actor=actor(request), meeting=meeting)
        return redirect("reviews:meeting_papers", pk=meeting.pk)
    latest = selectors.latest_papers(meeting)
    current = meeting_papers.current_inputs(meeting)
    return render(
        request,
        "reviews/meetings/papers.html",
        {
            "meeting": meeting,
            "papers": latest,
            "progress": meeting_papers.progress(latest, current) if latest else None,
            "can_generate": can_generate,
        },
    )


@login_required
@require_GET
def meeting_papers_download(request: HttpRequest, pk: int, papers: int) -> FileResponse:
    meeting = selectors.meeting_get(user=actor(request), pk=pk)
    record = selectors.papers_get(meeting=meeting, pk=papers)
    if record.state != record.State.DONE or not record.file:
        raise Http404
    response = private_file_response(
        record.file,
        filename=f"crag-meeting-papers-{meeting.held_on:%Y-%m-%d}.pdf",
        content_type="application/pdf",
    )
    audit.record_export(request=request, what=f"papers of the {meeting} (PDF)", rows=1)
    return response
