"""The agencies' chronologies: an agency's own rows (typed in or uploaded from the template), and
the merged chronology of a Rapid Review or review with its downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crag import audit, listing, permissions, tables
from reviews.contributions import chronology, chronology_export, chronology_sheet
from reviews.contributions import chronology_selectors as selectors
from reviews.contributions.chronology_forms import EntryEditForm, EntryForm, UploadForm, merged_filter_form
from reviews.editing.handling import actor, call_service, posted, submit
from reviews.editing.once import submit_once
from reviews.models import ContributionRequest

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _entries_url(request: ContributionRequest) -> str:
    return reverse("reviews:chronology_entries", args=[request.pk])


def _case_title(request: ContributionRequest) -> str:
    case = selectors.Case(rapid_review=request.rapid_review, review=request.review)
    return f"{request.agency}: chronology for {case.kind} {case.name}"


@login_required
@require_GET
def entries(request: HttpRequest, pk: int) -> HttpResponse:
    wanted = selectors.chronology_request_get(user=actor(request), pk=pk)
    rows = selectors.chronology_entries(user=actor(request), request=wanted).select_related("request__agency")
    page = tables.paginate(request, rows)
    return render(
        request,
        "reviews/contributions/chronology_entries.html",
        {
            "contribution": wanted,
            "title": _case_title(wanted),
            "page": page,
            "query": tables.query_without_page(request),
            "can_write": wanted.is_open and permissions.can_write_contribution(request.user, wanted),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    wanted = selectors.chronology_request_get(user=actor(request), pk=pk)
    back = _entries_url(wanted)
    return submit_once(
        request,
        EntryForm(posted(request)),
        lambda data: chronology.chronology_entry_add(actor=actor(request), request=wanted, **data),
        success=lambda _: "Entry added to the chronology.",
        then=lambda _: back,
        title="Add an entry to the chronology",
        submit="Add entry",
        back=back,
        intro=_case_title(wanted),
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    wanted = selectors.chronology_request_get(user=actor(request), pk=pk)
    found = selectors.chronology_entry_get(user=actor(request), request=wanted, pk=entry)
    initial = {name: getattr(found, name) for name in chronology.EDITABLE}
    back = _entries_url(wanted)
    return submit(
        request,
        EntryEditForm(posted(request), initial=initial, read=found),
        lambda data: chronology.chronology_entry_edit(actor=actor(request), entry=found, **data),
        success=lambda _: "Entry changed.",
        then=lambda _: back,
        title="Change a chronology entry",
        submit="Save entry",
        back=back,
        intro=_case_title(wanted),
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    wanted = selectors.chronology_request_get(user=actor(request), pk=pk)
    found = selectors.chronology_entry_get(user=actor(request), request=wanted, pk=entry)
    permissions.require(bool(permissions.can_write_contribution(request.user, wanted)))
    back = _entries_url(wanted)
    error = ""
    if request.method == "POST":
        try:
            chronology.chronology_entry_delete(actor=actor(request), entry=found)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, "Entry deleted.")
            return redirect(back)
    context = {
        "contribution": wanted,
        "entry": found,
        "back": back,
        "error": error,
        "date": chronology_export.describe_date(found.occurred_on, found.precision),
    }
    return render(request, "reviews/contributions/chronology_entry_delete.html", context)


@login_required
@require_GET
def template(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.chronology_request_get(user=actor(request), pk=pk)
    download = HttpResponse(chronology_sheet.template_workbook(), content_type=XLSX_TYPE)
    download["Content-Disposition"] = 'attachment; filename="crag-chronology-template.xlsx"'
    return download


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    wanted = selectors.chronology_request_get(user=actor(request), pk=pk)
    permissions.require(bool(permissions.can_write_contribution(request.user, wanted)))
    form = UploadForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        call = lambda: chronology.chronology_upload(  # noqa: E731
            actor=actor(request), request=wanted, upload=form.cleaned_data["file"]
        )
        result = call_service(form, call)
        if result is not None:
            messages.success(
                request,
                f"Chronology uploaded: {result.added} new entr{'y' if result.added == 1 else 'ies'} added, "
                f"{result.unchanged} already there left unchanged.",
            )
            return redirect(_entries_url(wanted))
    context = {
        "contribution": wanted,
        "title": _case_title(wanted),
        "form": form,
        "back": _entries_url(wanted),
        "max_rows": chronology_sheet.MAX_ROWS,
    }
    return render(request, "reviews/contributions/chronology_upload.html", context, status=200)


def _merged_page(request: HttpRequest, case: selectors.Case, export_name: str, pk: int) -> HttpResponseBase:
    user = actor(request)
    agencies = selectors.chronology_agencies(case=case)
    return listing.list_page(
        request,
        filter_form=merged_filter_form(agencies),
        select=lambda filters: selectors.merged_chronology(user=user, case=case, filters=filters),
        context=lambda _: {
            "case": case,
            "progress": selectors.chronology_progress(case=case),
            "can_mark": permissions.can_decide_contributions(user),
            "export_urls": [
                (kind, reverse(f"reviews:{export_name}", args=[pk, kind]))
                for kind in chronology_export.FORMATS
            ],
            "children": case.child_pseudonyms(),
        },
        template="reviews/contributions/chronology_merged.html",
    )


@login_required
@require_GET
def rapid_review_merged(request: HttpRequest, pk: int) -> HttpResponseBase:
    case = selectors.rapid_review_case(user=actor(request), incident_pk=pk)
    return _merged_page(request, case, "rapid_review_chronology_export", pk)


@login_required
@require_GET
def review_merged(request: HttpRequest, pk: int) -> HttpResponseBase:
    case = selectors.review_case(user=actor(request), pk=pk)
    return _merged_page(request, case, "review_chronology_export", pk)


def _export(request: HttpRequest, case: selectors.Case, fmt: str) -> HttpResponseBase:
    if fmt not in chronology_export.FORMATS:
        raise Http404
    user = actor(request)
    form = merged_filter_form(selectors.chronology_agencies(case=case))(request.GET or None)
    entries = list(selectors.merged_chronology(user=user, case=case, filters=listing.filters_from(form)))
    audit.record_export(request=request, what=f"merged chronology of {case.name} ({fmt})", rows=len(entries))
    return chronology_export.response(
        fmt,
        title=f"Merged chronology: {case.kind} {case.name}",
        case_name=case.name,
        subtitle=f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'} in date order.",
        entries=entries,
    )


@login_required
@require_GET
def rapid_review_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    return _export(request, selectors.rapid_review_case(user=actor(request), incident_pk=pk), fmt)


@login_required
@require_GET
def review_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    return _export(request, selectors.review_case(user=actor(request), pk=pk), fmt)


@login_required
@require_POST
def entry_key_episode(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    wanted = selectors.chronology_request_get(user=actor(request), pk=pk)
    found = selectors.chronology_entry_get(user=actor(request), request=wanted, pk=entry)
    permissions.require(bool(permissions.can_decide_contributions(request.user)))
    flag = request.POST.get("flag") == "true"
    try:
        chronology.chronology_mark_key_episode(actor=actor(request), entry=found, flag=flag)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(
            request, "Marked as a key practice episode." if flag else "Key practice episode mark removed."
        )
    if wanted.review_id is not None:
        back = reverse("reviews:review_chronology", args=[wanted.review_id])
    else:
        back = reverse("reviews:rapid_review_chronology", args=[wanted.rapid_review.incident_id])  # type: ignore[union-attr]
    after = request.POST.get("next", "")
    if after and url_has_allowed_host_and_scheme(after, allowed_hosts={request.get_host()}):
        back = after
    return redirect(f"{back}#entry-{found.pk}" if "#" not in back else back)
