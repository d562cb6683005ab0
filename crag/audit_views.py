"""The audit viewer for Partnership admins: record changes and access, and security events."""

from collections.abc import Iterator
from itertools import batched
from typing import Any, cast

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from crag import audit, permissions, selectors, tables
from crag.audit_filters import ChangeFilterForm, EventFilterForm
from crag.models import AuditEvent, User

ACTION_LABELS = dict(LogEntry.Action.choices)


def _require_audit_viewer(request: HttpRequest) -> User:
    user = cast(User, request.user)
    if not permissions.can_view_audit(user):
        raise PermissionDenied
    return user


def _change_rows(entries: Any) -> Iterator[list[object]]:
    # Related records are named a chunk at a time: a query per kind of record per 500 rows.
    for chunk in batched(entries.iterator(chunk_size=500), 500):
        changes = audit.ChangeLines(chunk)
        for e in chunk:
            yield [
                e.timestamp.isoformat(),
                e.actor.email if e.actor else "",
                ACTION_LABELS.get(e.action, e.action),
                e.content_type.model if e.content_type else "",
                e.object_pk,
                e.object_repr,
                "; ".join(changes.lines(e)),
                e.cid or "",
                e.remote_addr or "",
            ]


@login_required
@require_GET
def audit_changes(request: HttpRequest) -> HttpResponseBase:
    user = _require_audit_viewer(request)
    form = ChangeFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries = selectors.audit_change_list(user=user, filters=filters)
    if request.GET.get("format") == "csv":
        audit.record_export(request=request, what="audit: record changes and access", rows=entries.count())
        header = [
            "time",
            "user",
            "action",
            "record type",
            "record id",
            "record",
            "changes",
            "request id",
            "address",
        ]
        return tables.csv_response("crag-audit-changes.csv", header, _change_rows(entries))
    page = tables.paginate(request, entries)
    changes = audit.ChangeLines(page.object_list)
    rows = [(e, ACTION_LABELS.get(e.action, ""), changes.lines(e)) for e in page.object_list]
    return render(
        request,
        "crag/audit_changes.html",
        {"form": form, "page": page, "rows": rows, "query": tables.query_without_page(request)},
    )


def _event_rows(events: Any) -> Iterator[list[object]]:
    for e in events.iterator(chunk_size=500):
        yield [
            e.at.isoformat(),
            e.get_kind_display(),
            e.actor.email if e.actor else "",
            e.identifier,
            e.remote_addr or "",
            e.request_id,
            e.detail,
        ]


@login_required
@require_GET
def audit_events(request: HttpRequest) -> HttpResponseBase:
    user = _require_audit_viewer(request)
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = selectors.audit_event_list(user=user, filters=filters)
    if request.GET.get("format") == "csv":
        audit.record_export(request=request, what="audit: security events", rows=events.count())
        header = ["time", "event", "user", "email address tried", "address", "request id", "detail"]
        return tables.csv_response("crag-audit-events.csv", header, _event_rows(events))
    page = tables.paginate(request, events)
    return render(
        request,
        "crag/audit_events.html",
        {
            "form": form,
            "page": page,
            "kinds": dict(AuditEvent.Kind.choices),
            "query": tables.query_without_page(request),
        },
    )
