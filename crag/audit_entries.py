"""One audit entry for one act on a record (CONVENTIONS.md, Audit).

django-auditlog writes an entry when a record is saved and another for each many-to-many field
set after it, so a service that records an incident with its children and themes left three
entries for one act, and one that saved a record twice left two. Inside `one_entry` those are
held back and a single entry is written at the end: the record's changed fields, and each
many-to-many field named as [before, after] (the related records' names, joined).
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from auditlog.context import disable_auditlog
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.db.models import Model


def _related(instance: Model | None, name: str) -> dict[object, str]:
    if instance is None or instance.pk is None:
        return {}
    return {item.pk: str(item) for item in getattr(instance, name).all()}


def _names(related: dict[object, str]) -> str | None:
    return ", ".join(sorted(related.values())) or None


@contextmanager
def one_entry(instance: Model, *, m2m: Iterable[str] = ()) -> Iterator[None]:
    """Write one audit entry (create or update) for what the block does to this record: its own
    saves and the many-to-many fields named. Keep only those inside the block: nothing else done
    in it is audited. No change, no entry (as auditlog)."""
    fields = tuple(m2m)
    before = type(instance)._default_manager.filter(pk=instance.pk).first() if instance.pk else None
    related_before = {name: _related(before, name) for name in fields}
    with disable_auditlog():
        yield
    changes: dict[str, Any] = model_instance_diff(before, instance, use_json_for_changes=True) or {}
    for name in fields:
        after = _related(instance, name)
        if after.keys() != related_before[name].keys():
            changes[name] = [_names(related_before[name]), _names(after)]
    if changes:
        action = LogEntry.Action.CREATE if before is None else LogEntry.Action.UPDATE
        LogEntry.objects.log_create(instance, action=action, changes=changes)
