"""The annual report's own content, per year: Appendix B's links (list, add, correct, reorder,
delete after confirmation, CSV) and the glossary (the same, and filled from the agencies and the
standard terms). Board members read both; CRAG edits them (reviews.annual_report.content)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crag import audit, permissions, tables
from reviews.annual_report import content
from reviews.annual_report.forms import LinkForm, TermForm
from reviews.annual_report.views import report_or_404
from reviews.editing.handling import actor, posted, submit
from reviews.models import AnnualReport, AnnualReportLink, GlossaryTerm

LINK_HEADER = ["kind", "title", "web address", "published on"]
TERM_HEADER = ["term", "meaning"]


def _editable(request: HttpRequest, year: int) -> AnnualReport:
    report = report_or_404(request, year)
    permissions.require(bool(permissions.can_generate_reports(request.user)))
    return report


def _can_edit(request: HttpRequest) -> bool:
    return bool(permissions.can_generate_reports(request.user))


def _delete_page(
    request: HttpRequest,
    report: AnnualReport,
    *,
    what: str,
    rows: list[tuple[str, object]],
    back: str,
    delete: Callable[[], None],
) -> HttpResponse:
    """GET asks for confirmation; POST deletes and goes back to the list."""
    if request.method == "POST":
        delete()
        messages.success(request, f"{what} deleted.")
        return redirect(back)
    return render(
        request,
        "reviews/annual_report_delete.html",
        {"report": report, "what": what, "rows": rows, "back": back},
    )


# --- Appendix B -------------------------------------------------------------------------------


def _links_url(year: int) -> str:
    return reverse("reviews:annual_report_links", args=[year])


@login_required
@require_GET
def links(request: HttpRequest, year: int) -> HttpResponse:
    report = report_or_404(request, year)
    rows = list(report.links.all())
    groups = [
        (label, [link for link in rows if link.kind == kind]) for kind, label in AnnualReportLink.Kind.choices
    ]
    return render(
        request,
        "reviews/annual_report_links.html",
        {"report": report, "groups": groups, "count": len(rows), "can_edit": _can_edit(request)},
    )


def _link_data(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in ("kind", "title", "url", "published_on")}


@login_required
@require_http_methods(["GET", "POST"])
def link_add(request: HttpRequest, year: int) -> HttpResponse:
    report = _editable(request, year)
    form = LinkForm(posted(request), initial={"kind": AnnualReportLink.Kind.NATIONAL_REVIEW})
    return submit(
        request,
        form,
        lambda data: content.link_create(actor=actor(request), report=report, **_link_data(data)),
        success=lambda link: f"{link.title} added to Appendix B.",
        then=lambda _: _links_url(year),
        title=f"Add a link to Appendix B of the {report.label} report",
        submit="Add the link",
        back=_links_url(year),
    )


def _link(request: HttpRequest, year: int, pk: int) -> tuple[AnnualReport, AnnualReportLink]:
    report = _editable(request, year)
    return report, get_object_or_404(report.links, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def link_edit(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    report, link = _link(request, year, pk)
    initial = {name: getattr(link, name) for name in ("kind", "title", "url", "published_on")}
    form = LinkForm(posted(request), initial=initial, read=link)
    return submit(
        request,
        form,
        lambda data: content.link_update(
            actor=actor(request), link=link, version=data["version"], **_link_data(data)
        ),
        success=lambda done: f"{done.title} saved.",
        then=lambda _: _links_url(year),
        title=f"Correct a link of the {report.label} report",
        submit="Save",
        back=_links_url(year),
    )


@login_required
@require_http_methods(["GET", "POST"])
def link_delete(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    report, link = _link(request, year, pk)
    return _delete_page(
        request,
        report,
        what=f"The link {link.title}",
        rows=[("Kind", link.get_kind_display()), ("Title", link.title), ("Web address", link.url)],
        back=_links_url(year),
        delete=lambda: content.link_delete(actor=actor(request), link=link),
    )


@login_required
@require_POST
def link_move(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    _, link = _link(request, year, pk)
    up = request.POST.get("direction") != "down"
    if not content.link_move(actor=actor(request), link=link, up=up):
        messages.info(request, f"{link.title} is already {'first' if up else 'last'}.")
    return redirect(f"{_links_url(year)}#link-{link.pk}")


@login_required
@require_GET
def links_csv(request: HttpRequest, year: int) -> HttpResponseBase:
    report = report_or_404(request, year)
    rows = [
        [link.get_kind_display(), link.title, link.url, link.published_on or ""]
        for link in report.links.all()
    ]
    audit.record_export(request=request, what=f"annual report {report.label}: Appendix B", rows=len(rows))
    return tables.csv_response(f"crag-annual-report-{year}-appendix-b.csv", LINK_HEADER, rows)


# --- Glossary ---------------------------------------------------------------------------------


def _glossary_url(year: int) -> str:
    return reverse("reviews:annual_report_glossary", args=[year])


@login_required
@require_GET
def glossary(request: HttpRequest, year: int) -> HttpResponse:
    report = report_or_404(request, year)
    terms = list(report.glossary.all())
    have = {entry.term.lower() for entry in terms}
    missing = [term for term, _ in content.build_glossary(report) if term.lower() not in have]
    return render(
        request,
        "reviews/annual_report_glossary.html",
        {"report": report, "terms": terms, "missing": missing, "can_edit": _can_edit(request)},
    )


def _term_data(data: dict[str, Any]) -> dict[str, Any]:
    return {"term": data["term"], "meaning": data["meaning"]}


@login_required
@require_http_methods(["GET", "POST"])
def term_add(request: HttpRequest, year: int) -> HttpResponse:
    report = _editable(request, year)
    return submit(
        request,
        TermForm(posted(request)),
        lambda data: content.term_create(actor=actor(request), report=report, **_term_data(data)),
        success=lambda entry: f"{entry.term} added to the glossary.",
        then=lambda _: _glossary_url(year),
        title=f"Add a term to the glossary of the {report.label} report",
        submit="Add the term",
        back=_glossary_url(year),
    )


def _term(request: HttpRequest, year: int, pk: int) -> tuple[AnnualReport, GlossaryTerm]:
    report = _editable(request, year)
    return report, get_object_or_404(report.glossary, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def term_edit(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    report, entry = _term(request, year, pk)
    form = TermForm(posted(request), initial={"term": entry.term, "meaning": entry.meaning}, read=entry)
    return submit(
        request,
        form,
        lambda data: content.term_update(
            actor=actor(request), entry=entry, version=data["version"], **_term_data(data)
        ),
        success=lambda done: f"{done.term} saved.",
        then=lambda _: _glossary_url(year),
        title=f"Correct a term of the {report.label} glossary",
        submit="Save",
        back=_glossary_url(year),
    )


@login_required
@require_http_methods(["GET", "POST"])
def term_delete(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    report, entry = _term(request, year, pk)
    return _delete_page(
        request,
        report,
        what=f"The term {entry.term}",
        rows=[("Term", entry.term), ("What it means", entry.meaning)],
        back=_glossary_url(year),
        delete=lambda: content.term_delete(actor=actor(request), entry=entry),
    )


@login_required
@require_POST
def glossary_fill(request: HttpRequest, year: int) -> HttpResponse:
    report = _editable(request, year)
    added = content.glossary_fill(actor=actor(request), report=report)
    if added:
        names = ", ".join(entry.term for entry in added)
        messages.success(request, f"{len(added)} term{'s' if len(added) != 1 else ''} added: {names}.")
    else:
        messages.info(request, "The glossary already has every agency and standard term.")
    return redirect(_glossary_url(year))


@login_required
@require_GET
def glossary_csv(request: HttpRequest, year: int) -> HttpResponseBase:
    report = report_or_404(request, year)
    rows = [[entry.term, entry.meaning] for entry in report.glossary.all()]
    audit.record_export(request=request, what=f"annual report {report.label}: glossary", rows=len(rows))
    return tables.csv_response(f"crag-annual-report-{year}-glossary.csv", TERM_HEADER, rows)
