"""The audit trail: security events, access to a child's identity, and what feeds them.

Record changes are written by django-auditlog (models registered in crag/apps.py and each
app's apps.py); this module adds what auditlog does not see: sign-ins, second-factor changes,
exports and views of pages that show a child's identity.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from auditlog.models import LogEntry
from auditlog.signals import accessed
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.text import capfirst

from crag.middleware import current_request_id
from crag.models import AuditEvent, AuditEventKind, User
from crag.security import trusted_client_ip

logger = logging.getLogger(__name__)


def mask_secret(value: object) -> str:
    """What the audit trail shows for a secret (a password hash): that it changed, not what to."""
    return "(hidden)"


def _remote_addr(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return trusted_client_ip(request)


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


# --- Showing changes to people ------------------------------------------------------------------

WITHHELD = "(withheld)"
_EMPTY = (None, "", "None")


def identity_fields(model: type[models.Model] | None) -> frozenset[str]:
    """The fields of a record that show a child's identity (the model's IDENTITY_FIELDS). The audit
    trail withholds their values: only the record's own page shows them, and it records each view."""
    return frozenset(getattr(model, "IDENTITY_FIELDS", ()))


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # A reverse relation shares its name space with fields but is never a recorded value.
    return field if getattr(field, "concrete", False) or field.many_to_many else None


def _is_reference(field: Any) -> bool:
    return bool(field is not None and (field.many_to_one or field.one_to_one) and field.related_model)


def _pk(field: Any, value: object) -> object | None:
    try:
        found: object = field.target_field.to_python(value)
        return found
    except ValidationError:
        return None


class ChangeLines:
    """'Field: old → new' lines of audit entries, for people: a related record by its name (one
    query per kind of record for all the entries given, however many), a choice by its label, and
    a child's identity withheld (that it changed, not to what)."""

    def __init__(self, entries: Iterable[LogEntry]) -> None:
        wanted: dict[type[models.Model], set[object]] = defaultdict(set)
        for entry in entries:
            model = entry.content_type.model_class() if entry.content_type_id else None
            for name, values in (entry.changes_dict or {}).items():
                field = _field(model, name)
                if _is_reference(field) and name not in identity_fields(model) and isinstance(values, list):
                    wanted[field.related_model].update(_pk(field, v) for v in values if v not in _EMPTY)
        self.names: dict[type[models.Model], dict[str, str]] = {}
        for related, pks in wanted.items():
            # A record's name may come from a record it must have (a Rapid Review's incident).
            joined = [f.name for f in related._meta.concrete_fields if _is_reference(f) and not f.null]
            records = related._default_manager.select_related(*joined) if joined else related._default_manager
            found = records.in_bulk([pk for pk in pks if pk is not None])
            self.names[related] = {str(pk): str(obj) for pk, obj in found.items()}

    def _shown(self, model: type[models.Model] | None, field: Any, name: str, value: object) -> str:
        if value in _EMPTY:
            return "none"
        if name in identity_fields(model):
            return WITHHELD
        if _is_reference(field):
            label = self.names.get(field.related_model, {}).get(str(_pk(field, value)))
            return (
                label if label is not None else f"{field.related_model._meta.verbose_name} {value} (deleted)"
            )
        if getattr(field, "choices", None):
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)

    def lines(self, entry: LogEntry) -> list[str]:
        model = entry.content_type.model_class() if entry.content_type_id else None
        lines = []
        for name, values in (entry.changes_dict or {}).items():
            field = _field(model, name)
            label = capfirst(str(getattr(field, "verbose_name", name)))
            if isinstance(values, dict):  # many-to-many: {"type": "m2m", "operation": ..., "objects": [...]}
                objects = ", ".join(map(str, values.get("objects", [])))
                lines.append(f"{label}: {values.get('operation', '')} {objects}")
            else:
                old, new = (self._shown(model, field, name, v) for v in [*list(values), None, None][:2])
                lines.append(f"{label}: {old} → {new}")
        return lines
