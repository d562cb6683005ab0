"""The requests for agencies' returns: CRAG asks several agencies at once, an agency's action
leads write, upload and submit their return, CRAG accepts it or returns it for more.

Every page gets its request through the selector (another agency's request is 404); the pages
that only CRAG uses then refuse everyone else (403)."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from crag import audit, listing, permissions
from reviews import clocks
from reviews.casework import selectors as casework_selectors
from reviews.contributions import requests as contributions
from reviews.contributions import selectors
from reviews.contributions.forms import (
    ContributionDocumentForm,
    ContributionDueForm,
    ContributionFilterForm,
    ContributionRequestForm,
    ContributionReturnForm,
    ContributionReturnForMoreForm,
)
from reviews.editing.handling import actor, confirm_step, posted, submit
from reviews.editing.once import Once, submit_once
from reviews.incidents import selectors as incident_selectors
from reviews.models import ContributionEvent, ContributionRequest, RapidReview, Review
from reviews.storage import private_file_response


def _detail(request_obj: ContributionRequest) -> str:
    return reverse("reviews:contribution_detail", args=[request_obj.pk])


def _ask(
    request: HttpRequest, *, rapid_review: RapidReview | None, review: Review | None, back: str, about: str
) -> HttpResponse:
    permissions.require(bool(permissions.can_request_contributions(request.user)))
    today = timezone.localdate()
    due = contributions.default_due_on(requested_on=today, rapid_review=rapid_review is not None)
    form = ContributionRequestForm(posted(request), initial={"due_on": due})
    made: list[ContributionRequest] = []

    def ask(data: dict[str, Any]) -> ContributionRequest:
        made[:] = contributions.contributions_request(
            actor=actor(request), rapid_review=rapid_review, review=review, **data
        )
        return made[0]

    return submit_once(
        request,
        form,
        ask,
        success=lambda _: f"Asked {len(made)} agenc{'y' if len(made) == 1 else 'ies'} for returns.",
        then=lambda _: back,
        title=f"Ask agencies for returns on {about}",
        submit="Send the requests",
        back=back,
        intro="Each agency's action leads are told, reminded before and on the due day, and the "
        "CRAG chair is told when a return is overdue.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def rapid_review_contributions_request(request: HttpRequest, pk: int) -> HttpResponse:
    rapid_review = incident_selectors.rapid_review_get(user=actor(request), incident_pk=pk)
    back = reverse("reviews:rapid_review", args=[pk])
    about = f"the Rapid Review of {rapid_review.incident.reference}"
    return _ask(request, rapid_review=rapid_review, review=None, back=back, about=about)


@login_required
@require_http_methods(["GET", "POST"])
def review_contributions_request(request: HttpRequest, pk: int) -> HttpResponse:
    review = casework_selectors.review_get(user=actor(request), pk=pk)
    back = reverse("reviews:review_detail", args=[review.pk])
    return _ask(request, rapid_review=None, review=review, back=back, about=review.title)


CSV_HEADER = ["case", "agency", "kind", "description", "requested", "due", "status", "submitted", "accepted"]


def _csv_rows(requests: Iterable[ContributionRequest]) -> Iterator[list[object]]:
    for r in requests:
        yield [
            clocks.contribution_case(r),
            r.agency.name,
            r.get_kind_display(),
            r.description,
            r.requested_on,
            r.due_on,
            r.get_status_display(),
            r.submitted_on or "",
            r.accepted_on or "",
        ]


def _with_clocks(rows: list[ContributionRequest]) -> list[ContributionRequest]:
    day = clocks.Day(timezone.localdate())
    for row in rows:
        row.clock = day.reading(clocks.CONTRIBUTION_DUE, row)  # type: ignore[attr-defined]
    return rows


@login_required
@require_GET
def contribution_list(request: HttpRequest) -> HttpResponseBase:
    user = actor(request)
    permissions.require(bool(permissions.can_view_contributions(user)))
    today = timezone.localdate()
    return listing.list_page(
        request,
        filter_form=ContributionFilterForm,
        select=lambda filters: selectors.contribution_list(user=user, filters=filters, today=today),
        export=listing.Export("crag-agency-returns", "agency returns", CSV_HEADER, _csv_rows),
        rows=_with_clocks,
        context=lambda _: {"all_agencies": bool(permissions.can_do_crag_work(user))},
        template="reviews/contributions/request_list.html",
    )


@login_required
@require_GET
def contribution_list_csv(request: HttpRequest) -> HttpResponseBase:
    user = actor(request)
    permissions.require(bool(permissions.can_view_contributions(user)))
    form = ContributionFilterForm(request.GET or None)
    items = selectors.contribution_list(
        user=user, filters=listing.filters_from(form), today=timezone.localdate()
    )
    export = listing.Export("crag-agency-returns", "agency returns", CSV_HEADER, _csv_rows)
    return export.response(request, items, "csv")


def _label(name: str) -> str:
    """The heading of one of the return's fields, as the model names it."""
    field = ContributionRequest._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


SNAPSHOT_LABELS = {
    **{name: _label(name) for name in ContributionRequest.RETURN_FIELDS},
    "documents": "documents",
    "chronology_entries": "chronology entries",
}


def _history(request_obj: ContributionRequest) -> list[ContributionEvent]:
    """The request's steps, each submission with its copy of the return under readable labels."""
    events = list(request_obj.events.select_related("actor"))
    for event in events:
        shown = []
        for name, value in (event.snapshot or {}).items():
            if value:
                text = ", ".join(value) if isinstance(value, list) else str(value)
                shown.append((SNAPSHOT_LABELS.get(name, name), text))
        event.submitted = shown  # type: ignore[attr-defined]
    return events


def _headings(request_obj: ContributionRequest) -> list[tuple[str, str]]:
    """The return under its headings: a summary's five (written or not), else its one text; and
    whatever else was written, so nothing an agency wrote is hidden."""
    wanted = (
        {"other_text"}
        if request_obj.kind != "agency_summary"
        else set(request_obj.RETURN_FIELDS) - {"other_text"}
    )
    return [
        (_label(name), getattr(request_obj, name))
        for name in ContributionRequest.RETURN_FIELDS
        if name in wanted or getattr(request_obj, name)
    ]


@login_required
@require_GET
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    request_obj = selectors.contribution_get(user=user, pk=pk)
    writable = request_obj.is_open and bool(permissions.can_write_contribution(user, request_obj))
    deciding = bool(permissions.can_decide_contributions(user))
    return render(
        request,
        "reviews/contributions/request_detail.html",
        {
            "request_obj": request_obj,
            "case": clocks.contribution_case(request_obj),
            "clock": clocks.Day(timezone.localdate()).reading(clocks.CONTRIBUTION_DUE, request_obj),
            "headings": _headings(request_obj),
            "documents": list(request_obj.documents.all()),
            "events": _history(request_obj),
            "can_write": writable,
            "can_decide": deciding and request_obj.status == "submitted",
            "can_change_due": deciding and request_obj.is_open,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    request_obj = selectors.contribution_get(user=actor(request), pk=pk)
    permissions.require(bool(permissions.can_write_contribution(request.user, request_obj)))
    if not request_obj.is_open:
        messages.info(request, contributions.NOT_OPEN)
        return redirect(_detail(request_obj))
    initial = {name: getattr(request_obj, name) for name in ContributionRequest.RETURN_FIELDS}
    form = ContributionReturnForm(posted(request), initial=initial, read=request_obj, kind=request_obj.kind)
    return submit(
        request,
        form,
        lambda data: contributions.contribution_write(
            actor=actor(request),
            request=request_obj,
            values={k: v for k, v in data.items() if k != "version"},
            version=data["version"],
        ),
        success=lambda _: "Return saved. It is not sent to CRAG until you submit it.",
        then=_detail,
        title=f"Write the {request_obj.get_kind_display().lower()}",
        submit="Save",
        back=_detail(request_obj),
        intro=request_obj.description,
    )


def _confirm(
    request: HttpRequest,
    request_obj: ContributionRequest,
    *,
    call: Any,
    done: str,
    title: str,
    button: str,
    text: str,
) -> HttpResponse:
    return confirm_step(
        request,
        call=call,
        done=done,
        back=_detail(request_obj),
        caption=str(request_obj),
        title=title,
        button=button,
        text=text,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_submit(request: HttpRequest, pk: int) -> HttpResponse:
    request_obj = selectors.contribution_get(user=actor(request), pk=pk)
    permissions.require(bool(permissions.can_write_contribution(request.user, request_obj)))
    return _confirm(
        request,
        request_obj,
        call=lambda: contributions.contribution_submit(actor=actor(request), request=request_obj),
        done="Return submitted to CRAG.",
        title="Submit the return to CRAG?",
        button="Submit the return",
        text="Once submitted, the return cannot be changed unless CRAG returns it for more.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_accept(request: HttpRequest, pk: int) -> HttpResponse:
    request_obj = selectors.contribution_get(user=actor(request), pk=pk)
    permissions.require(bool(permissions.can_decide_contributions(request.user)))
    return _confirm(
        request,
        request_obj,
        call=lambda: contributions.contribution_accept(actor=actor(request), request=request_obj),
        done="Return accepted.",
        title="Accept this return?",
        button="Accept the return",
        text="An accepted return is final: it can no longer be returned for more.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_return(request: HttpRequest, pk: int) -> HttpResponse:
    request_obj = selectors.contribution_get(user=actor(request), pk=pk)
    permissions.require(bool(permissions.can_decide_contributions(request.user)))
    today = timezone.localdate()
    due = contributions.default_due_on(
        requested_on=today, rapid_review=request_obj.rapid_review_id is not None
    )
    return submit(
        request,
        ContributionReturnForMoreForm(posted(request), initial={"due_on": due}),
        lambda data: contributions.contribution_return(actor=actor(request), request=request_obj, **data),
        success=lambda _: "Return sent back to the agency for more.",
        then=_detail,
        title="Return for more",
        submit="Return for more",
        back=_detail(request_obj),
        intro="Nothing the agency wrote is cleared; its leads are reminded again before the new due date.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_due(request: HttpRequest, pk: int) -> HttpResponse:
    request_obj = selectors.contribution_get(user=actor(request), pk=pk)
    permissions.require(bool(permissions.can_decide_contributions(request.user)))
    return submit(
        request,
        ContributionDueForm(posted(request), initial={"due_on": request_obj.due_on}),
        lambda data: contributions.contribution_due_change(actor=actor(request), request=request_obj, **data),
        success=lambda done: f"Due date changed to {done.due_on:%-d %B %Y}.",
        then=_detail,
        title="Change the due date",
        submit="Change the due date",
        back=_detail(request_obj),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    request_obj = selectors.contribution_get(user=actor(request), pk=pk)
    permissions.require(bool(permissions.can_write_contribution(request.user, request_obj)))
    is_post = request.method == "POST"
    form = ContributionDocumentForm(request.POST if is_post else None, request.FILES if is_post else None)
    once = Once(request, form)
    if (earlier := once.earlier()) is not None:
        return earlier
    if is_post and form.is_valid():
        done = once.create(
            form,
            lambda: contributions.contribution_document_upload(
                actor=actor(request), request=request_obj, upload=form.cleaned_data["file"]
            ),
            success=lambda done: f"Document uploaded: {done.original_name}",
            then=lambda _: _detail(request_obj),
        )
        if done is not None:
            return done
    return render(
        request,
        "reviews/contributions/request_document_upload.html",
        {"form": form, "request_obj": request_obj, "back": _detail(request_obj)},
    )


@login_required
@require_GET
def contribution_document(request: HttpRequest, pk: int, doc: int) -> FileResponse:
    """The file as an attachment under its original name, typed as its content was found to be."""
    request_obj = selectors.contribution_get(user=actor(request), pk=pk)
    document = get_object_or_404(request_obj.documents, pk=doc)
    response = private_file_response(
        document.file, filename=document.original_name, content_type=document.content_type
    )
    audit.record_access(request=request, instance=document)
    return response
