"""The annual report: start a year, edit its cover and narrative beside its numbers, have the
worker render the PDF (with progress), download it, read the HTML twin, take its tables as CSV."""

from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crag import audit, permissions, tables
from reviews.annual_report import content
from reviews.annual_report import service as annual_report_service
from reviews.annual_report import statistics as annual_report
from reviews.annual_report.forms import AnnualReportForm, StartReportForm
from reviews.annual_report.trends import trends
from reviews.editing import versions
from reviews.editing.conflicts import conflict_page
from reviews.editing.handling import actor, call_service, posted
from reviews.models import AnnualReport, AnnualReportRender

# Pages reading a year's numbers share them for a minute: twenty board members opening the
# report at once count the year once. The PDF is always made from the numbers of the moment.
NUMBERS_SECONDS = 60


def _statistics(year: int) -> dict[str, Any]:
    return cast(
        dict[str, Any],
        cache.get_or_set(
            f"annual-report:{year}:statistics", lambda: annual_report.statistics(year), NUMBERS_SECONDS
        ),
    )


def _numbers(year: int) -> dict[str, Any]:
    """The statistics and the trends (service.numbers_of), each shared for a minute."""
    found = cache.get_or_set(f"annual-report:{year}:trends", lambda: trends(year), NUMBERS_SECONDS)
    return {**_statistics(year), "trends": found}


def report_or_404(request: HttpRequest, year: int) -> AnnualReport:
    """The year's report, for those who may read reports; anyone else finds nothing (404)."""
    if not permissions.can_view_annual_reports(request.user):
        raise Http404
    return get_object_or_404(AnnualReport, year=year)


@login_required
@require_http_methods(["GET", "POST"])
def report_list(request: HttpRequest) -> HttpResponse:
    permissions.require(bool(permissions.can_view_annual_reports(request.user)))
    can_generate = bool(permissions.can_generate_reports(request.user))
    form = StartReportForm(posted(request))
    if request.method == "POST":
        permissions.require(can_generate)
        if form.is_valid():
            report, _ = content.report_start(actor=actor(request), year=form.cleaned_data["year"])
            messages.success(request, f"The {report.label} report is started. Write its narrative below.")
            return redirect("reviews:annual_report_edit", year=report.year)
    return render(
        request,
        "reviews/annual_report_list.html",
        {"reports": AnnualReport.objects.all(), "form": form, "can_generate": can_generate},
    )


def _summary(stats: dict[str, Any]) -> list[tuple[str, object]]:
    """The headline numbers shown beside the narrative while it is written."""
    incidents, reviews, actions = stats["incidents"], stats["reviews"], stats["actions"]
    return [
        ("Incidents notified", incidents["count"]),
        ("Children in those incidents", incidents["children"]),
        ("Panel notified within 5 working days", incidents["notified_on_time"]),
        ("Panel notified late", incidents["notified_late"]),
        ("Rapid Reviews", stats["rapid_reviews"]["count"]),
        ("Case reviews worked on", reviews["count"]),
        ("Children in those reviews", reviews["children"]),
        ("Recommendations per review (average)", reviews["recommendations_average"]),
        ("Reviews published in the year", reviews["published_in_year"]),
        ("Total cost of reviews", f"£{Decimal(reviews['cost_total']):,.2f}"),
        ("Actions", actions["count"]),
        ("Actions overdue at the year end", actions["overdue"]),
        ("Learning events", stats["learning_events"]["count"]),
        ("People attending learning events", stats["learning_events"]["attendees"]),
    ]


@login_required
@require_GET
def report_detail(request: HttpRequest, year: int) -> HttpResponse:
    report = report_or_404(request, year)
    stats = _numbers(year)
    current = annual_report_service.inputs_of(report, stats)
    renders = list(report.renders.select_related("requested_by")[:10])
    latest = next((r for r in renders if r.state == AnnualReportRender.State.DONE), None)
    return render(
        request,
        "reviews/annual_report_detail.html",
        {
            "report": report,
            "summary": _summary(stats),
            "renders": [(r, _progress(r, current)) for r in renders],
            "can_generate": bool(permissions.can_generate_reports(request.user)),
            "current": current,
            "latest": latest,
            "latest_is_stale": latest is not None and latest.inputs_sha256 != current,
            "latest_made": made_at(latest.finished_at or latest.requested_at) if latest else "",
            "links": report.links.count(),
            "terms": report.glossary.count(),
        },
    )


def _progress(record: AnnualReportRender, current: str) -> dict[str, Any]:
    """A render's progress; a PDF made from other inputs than the report's now is out of date:
    still downloadable, labelled with when it was made."""
    shown = annual_report_service.progress(record)
    shown["stale"] = record.state == AnnualReportRender.State.DONE and record.inputs_sha256 != current
    if shown["stale"]:
        made = record.finished_at or record.requested_at
        shown["label"] = f"Out of date: made {made_at(made)}"
    return shown


def made_at(moment: datetime) -> str:
    """When a PDF was made, in Europe/London: "at 14:05 on 1 December 2026"."""
    local = timezone.localtime(moment)
    return f"at {local:%H:%M} on {local.day} {local:%B %Y}"


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, year: int) -> HttpResponse:
    report = report_or_404(request, year)
    permissions.require(bool(permissions.can_generate_reports(request.user)))
    form = AnnualReportForm(posted(request), instance=report, read=report)
    if request.method == "POST" and form.is_valid():
        if call_service(form, lambda: versions.save_model_form(form)) is not None:
            messages.success(request, "The report's narrative is saved.")
            return redirect("reviews:annual_report", year=year)
        if (conflict := getattr(form, "conflict", None)) is not None:
            return conflict_page(
                request, conflict, back=reverse("reviews:annual_report", args=[year]), form=form
            )
    return render(
        request,
        "reviews/annual_report_edit.html",
        {"report": report, "form": form, "summary": _summary(_statistics(year))},
    )


@login_required
@require_POST
def report_generate(request: HttpRequest, year: int) -> HttpResponse:
    report = report_or_404(request, year)
    record = annual_report_service.render_request(actor=actor(request), report=report)
    if record.state == AnnualReportRender.State.DONE:
        messages.info(request, "Nothing has changed since the last PDF: it is ready to download.")
    elif record.state == AnnualReportRender.State.FAILED:
        messages.info(request, "The PDF could not be made: the reason is shown below.")
    else:
        messages.success(request, "The PDF is being made. This page shows its progress.")
    return redirect(f"{reverse('reviews:annual_report', args=[year])}#render-{record.pk}")


@login_required
@require_POST
def render_retry(request: HttpRequest, pk: int) -> HttpResponse:
    record = _render(request, pk)
    if annual_report_service.render_retry(actor=actor(request), render=record):
        messages.success(request, "The PDF is handed to the worker again. This page shows its progress.")
    else:
        messages.info(request, "Nothing to try again: the PDF is on its way, made, or failed with a reason.")
    return redirect(f"{reverse('reviews:annual_report', args=[record.report.year])}#render-{record.pk}")


def _render(request: HttpRequest, pk: int) -> AnnualReportRender:
    record = get_object_or_404(AnnualReportRender.objects.select_related("report"), pk=pk)
    report_or_404(request, record.report.year)
    return record


@login_required
@require_GET
def render_status(request: HttpRequest, pk: int) -> JsonResponse:
    record = _render(request, pk)
    data = annual_report_service.progress(record)
    if record.state == AnnualReportRender.State.DONE:
        data["download"] = reverse("reviews:annual_report_download", args=[record.pk])
    return JsonResponse(data)


@login_required
@require_GET
def render_download(request: HttpRequest, pk: int) -> FileResponse:
    record = _render(request, pk)
    if record.state != AnnualReportRender.State.DONE or not record.file:
        raise Http404
    audit.record_export(
        request=request, what=f"annual report {record.report.label} (PDF)", rows=record.pages or 0
    )
    response = FileResponse(
        record.file.open("rb"),
        as_attachment=True,
        filename=f"crag-annual-report-{record.report.year}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def report_html(request: HttpRequest, year: int) -> HttpResponse:
    from reviews.annual_report import document as annual_report_document

    report = report_or_404(request, year)
    stats = _numbers(year)
    key = f"annual-report:{year}:html:{annual_report_service.inputs_of(report, stats)}"
    document = str(
        cache.get_or_set(key, lambda: annual_report_document.render_html(report, stats), NUMBERS_SECONDS)
    )
    return render(
        request,
        "reviews/annual_report_html.html",
        {"report": report, "document": mark_safe(document), "year": year},  # noqa: S308 - our own render
    )


@login_required
@require_GET
def report_table_csv(request: HttpRequest, year: int, table: str) -> HttpResponseBase:
    from reviews.annual_report import document as annual_report_document

    report = report_or_404(request, year)
    found = annual_report_document.csv_tables(report, _numbers(year))
    if table not in found:
        raise Http404
    header, *rows = found[table]
    audit.record_export(request=request, what=f"annual report {report.label}: {table}", rows=len(rows))
    return tables.csv_response(f"crag-annual-report-{year}-{table}.csv", header, rows)
