"""The audit viewer for Partnership admins: record changes and access, and security events."""

from collections.abc import Iterator, Sequence
from itertools import batched
from typing import Any, cast

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from crag import audit, listing, permissions, selectors
from crag.audit_filters import ChangeFilterForm, EventFilterForm
from crag.models import AuditEvent, User

ACTION_LABELS = dict(LogEntry.Action.choices)


def _require_audit_viewer(request: HttpRequest) -> User:
    user = cast(User, request.user)
    permissions.require(bool(permissions.can_view_audit(user)))
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


CHANGE_HEADER = [
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


def _with_changes(entries: Sequence[LogEntry]) -> list[tuple[LogEntry, str, list[str]]]:
    changes = audit.ChangeLines(entries)
    return [(e, ACTION_LABELS.get(e.action, ""), changes.lines(e)) for e in entries]


@login_required
@require_GET
def audit_changes(request: HttpRequest) -> HttpResponseBase:
    user = _require_audit_viewer(request)
    return listing.list_page(
        request,
        filter_form=ChangeFilterForm,
        select=lambda filters: selectors.audit_change_list(user=user, filters=filters),
        export=listing.Export(
            "crag-audit-changes", "audit: record changes and access", CHANGE_HEADER, _change_rows, stream=True
        ),
        rows=_with_changes,
        template="crag/audit_changes.html",
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


EVENT_HEADER = ["time", "event", "user", "email address tried", "address", "request id", "detail"]


@login_required
@require_GET
def audit_events(request: HttpRequest) -> HttpResponseBase:
    user = _require_audit_viewer(request)
    return listing.list_page(
        request,
        filter_form=EventFilterForm,
        select=lambda filters: selectors.audit_event_list(user=user, filters=filters),
        export=listing.Export(
            "crag-audit-events", "audit: security events", EVENT_HEADER, _event_rows, stream=True
        ),
        context=lambda _: {"kinds": dict(AuditEvent.Kind.choices)},
        template="crag/audit_events.html",
    )
