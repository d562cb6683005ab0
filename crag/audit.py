"""The audit trail: security events, access to a child's identity, and what feeds them.

Record changes are written by django-auditlog (models registered in crag/apps.py and each
app's apps.py); this module adds what auditlog does not see: sign-ins, second-factor changes,
exports and views of pages that show a child's identity.
"""

import logging
from typing import Any

from auditlog.signals import accessed
from django.db import models
from django.http import HttpRequest

from crag.middleware import current_request_id
from crag.models import AuditEvent, AuditEventKind, User

logger = logging.getLogger(__name__)


def mask_secret(value: object) -> str:
    """What the audit trail shows for a secret (a password hash): that it changed, not what to."""
    return "(hidden)"


def _remote_addr(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record_event(
    *,
    kind: AuditEventKind,
    request: HttpRequest | None,
    actor: User | None = None,
    identifier: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one security event with who, when, from where and the request id."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor,
        identifier=identifier[:254],
        remote_addr=_remote_addr(request),
        request_id=current_request_id() or "",
        detail=detail or {},
    )


def record_access(*, request: HttpRequest, instance: models.Model) -> None:
    """Record that the user viewed a page showing this record's restricted fields (a child's
    identity): an auditlog ACCESS entry with actor, time and request id."""
    accessed.send(sender=instance.__class__, instance=instance)


def record_export(*, request: HttpRequest, what: str, rows: int) -> AuditEvent:
    """Record a download of data (CSV, XLSX, PDF): what it was and how many rows."""
    return record_event(kind=AuditEventKind.EXPORT, request=request, detail={"what": what, "rows": rows})
