"""The steps every list page takes, written once: filter form, selector, export, page, render.

A function rather than a class-based view: each list page is one call with its differences named
as arguments, nothing is kept between requests, and the context keeps the names the templates
already use (`page`, `rows`, `form`, `query`), which Django's ListView would rename.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from crag import audit, tables

type Filters = dict[str, Any]
# What a selector hands a list page: a query, or a sequence that pages itself (the deadlines).
type Items = QuerySet[Any, Any] | Sequence[Any]


@dataclass(frozen=True)
class Export:
    """The page's download (?format=csv): every row the filters select, not just one page."""

    filename: str  # without the extension
    what: str  # what the audit entry says was downloaded
    header: Sequence[str]
    rows: Callable[[Iterable[Any]], Iterable[Sequence[object]]]
    # Counted first, then read as the rows are written instead of listed (the audit log, the deadlines).
    stream: bool = False
    # Offered as an Excel workbook too (?format=xlsx), on a sheet of this title.
    xlsx_title: str | None = None

    def formats(self) -> tuple[str, ...]:
        return ("csv", "xlsx") if self.xlsx_title else ("csv",)

    def response(self, request: HttpRequest, items: Items, kind: str) -> HttpResponseBase:
        """The download, after its audit entry (with the format when there is a choice of two)."""
        if self.stream:
            count = items.count() if isinstance(items, QuerySet) else len(items)
            listed: Iterable[Any] = items
        else:
            listed = list(items)
            count = len(listed)
        what = f"{self.what} ({kind})" if self.xlsx_title else self.what
        audit.record_export(request=request, what=what, rows=count)
        if kind == "xlsx" and self.xlsx_title:
            return tables.xlsx_response(
                f"{self.filename}.xlsx", self.xlsx_title, self.header, self.rows(listed)
            )
        return tables.csv_response(f"{self.filename}.csv", self.header, self.rows(listed))


def filters_from(form: forms.Form) -> Filters:
    """What the filter form says, or no filters at all when it was not sent or does not parse."""
    return form.cleaned_data if form.is_bound and form.is_valid() else {}


def list_page[C: Items](
    request: HttpRequest,
    *,
    select: Callable[[Filters], C],
    template: str,
    filter_form: type[forms.Form] | None = None,
    export: Export | None = None,
    rows: Callable[[list[Any]], Sequence[object]] | None = None,
    context: Callable[[C], Mapping[str, Any]] | None = None,
) -> HttpResponseBase:
    """A list with its filters and pages, or (?format=csv) all of it as a download, audited.

    `select` is the selector call given the filters (the selector sorts, from the form's `sort`);
    `rows` reads what a row shows for the shown page only (clocks, change lines); `context` adds what
    the page shows beside the table, computed only when the page is shown, not for a download.
    """
    form = filter_form(request.GET or None) if filter_form is not None else None
    items = select(filters_from(form) if form is not None else {})
    kind = request.GET.get("format", "")
    if export is not None and kind in export.formats():
        return export.response(request, items, kind)
    page = tables.paginate(request, items)
    if rows is not None:
        page.object_list = rows(list(page.object_list))
    page_context: dict[str, Any] = {
        "page": page,
        "rows": page.object_list,
        "query": tables.query_without_page(request),
    }
    if form is not None:
        page_context["form"] = form
    if context is not None:
        page_context |= context(items)
    return render(request, template, page_context)
