"""One audit entry for one act on a record (CONVENTIONS.md, Audit).

django-auditlog writes an entry when a record is saved and another for each many-to-many field
set after it, so a service that records an incident with its children and themes left three
entries for one act, and one that saved a record twice left two. Inside `one_entry` those are
held back and a single entry is written at the end: the record's changed fields, and each
many-to-many field named as [before, after] (the related records' names, joined).

`record_update` writes the entries auditlog cannot: for a queryset's update() (which sends no
signal) or a record it does not follow.
"""

import copy
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import disable_auditlog
from auditlog.diff import get_field_value, is_primitive, model_instance_diff
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model
from django.db.models.signals import pre_save
from django.utils.encoding import smart_str


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


def _changes(before: Model, after: Model, names: Iterable[str]) -> dict[str, list[Any]]:
    """[before, after] of each field that changed, in auditlog's JSON form (model_instance_diff
    reads the registry, and these records need not be registered)."""
    changes = {}
    for name in names:
        field = before._meta.get_field(name)
        values = [get_field_value(record, field, use_json_for_changes=True) for record in (before, after)]
        if values[0] != values[1]:
            changes[name] = [v if is_primitive(v) else smart_str(v) for v in values]
    return changes


def record_update(instances: Iterable[Model], **values: Any) -> int:
    """An update entry for each record whose fields a queryset's update() set to these values
    (update() sends no signal, so auditlog saw nothing): `instances` as read before it. Written
    in one statement, with who, from where and the request id as auditlog's own entries have
    them: bulk_create sends no pre_save, where auditlog's middleware fills those in, so it is sent
    here for each entry."""
    entries = []
    for before in instances:
        after = copy.copy(before)
        for name, value in values.items():
            setattr(after, name, value)
        changes = _changes(before, after, values)
        if not changes:
            continue
        entry = LogEntry(
            content_type=ContentType.objects.get_for_model(before),
            object_pk=str(before.pk),
            object_id=before.pk if isinstance(before.pk, int) else None,
            object_repr=str(before),
            action=LogEntry.Action.UPDATE,
            changes=changes,
            cid=get_cid(),
        )
        pre_save.send(sender=LogEntry, instance=entry, raw=False, using=DEFAULT_DB_ALIAS, update_fields=None)
        entries.append(entry)
    return len(LogEntry.objects.bulk_create(entries))
