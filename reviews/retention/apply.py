"""Doing what the retention plan says: each record in its own transaction, with one audit entry
that names the schedule's kind and reason. Nothing on legal hold is touched."""

import copy
import csv
import logging
from collections.abc import Iterable
from pathlib import Path

from auditlog.context import disable_auditlog
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.db import transaction
from django.db.models import Model

from reviews.models import Child, Incident, RapidReview, Review, ReviewDocument
from reviews.retention import plan as planning
from reviews.retention.plan import REMOVED, Plan, Step
from reviews.retention.schedule import DESTROY

logger = logging.getLogger(__name__)


def _clear(record: Model, fields: Iterable[tuple[str, bool]]) -> None:
    for name, blank in fields:
        if getattr(record, name) not in (None, "", REMOVED):
            setattr(record, name, "" if blank else REMOVED)


def _save_audited(record: Model, step: Step) -> None:
    """Save the record with one update entry naming the schedule's reason (auditlog's own is held
    back: the entry withholds a child's identity as every entry does)."""
    before = type(record)._default_manager.get(pk=record.pk)
    with disable_auditlog():
        record.full_clean()
        record.save()
    # What was removed is not copied into the audit trail: the entry says which fields, not what.
    diff = model_instance_diff(before, record, use_json_for_changes=True) or {}
    changes = {name: [REMOVED, new[-1]] for name, new in diff.items() if isinstance(new, list | tuple)}
    if changes:
        LogEntry.objects.log_create(
            record,
            action=LogEntry.Action.UPDATE,
            changes=changes,
            additional_data={"retention": step.kind, "reason": step.reason},
        )


def _clear_parts(record: Model, parts: dict[str, str], step: Step) -> None:
    for relation, name in parts.items():
        for part in getattr(record, relation).all():
            if getattr(part, name) not in (None, "", REMOVED):
                blank = part._meta.get_field(name).blank
                setattr(part, name, "" if blank else REMOVED)
                _save_audited(part, step)


def _anonymise(step: Step) -> None:
    record = type(step.record)._default_manager.select_for_update().get(pk=step.record.pk)
    if isinstance(record, Child):
        record.legal_name, record.date_of_birth, record.address, record.case_summary = "", None, "", ""
    elif isinstance(record, Incident):
        _clear(record, planning.INCIDENT_TEXT)
    elif isinstance(record, RapidReview):
        _clear(record, planning.RAPID_REVIEW_TEXT)
        _clear_parts(record, planning.RAPID_REVIEW_PARTS, step)
    elif isinstance(record, Review):
        _clear(record, planning.REVIEW_TEXT)
        _clear_parts(record, planning.REVIEW_PARTS, step)
    _save_audited(record, step)


def _destroy(step: Step) -> None:
    document = ReviewDocument.objects.select_for_update().get(pk=step.record.pk)
    gone = copy.copy(document)
    name = document.file.name or ""
    with disable_auditlog():
        document.delete()
    LogEntry.objects.log_create(
        gone,
        action=LogEntry.Action.DELETE,
        changes={"file": [name, None]},
        additional_data={"retention": step.kind, "reason": step.reason},
    )
    # The file goes once the row's deletion is committed: a failure leaves a row with its file.
    storage = document.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def apply(found: Plan) -> list[tuple[Step, str]]:
    """Do each step not on hold, each in its own transaction; the outcome of every step."""
    done: list[tuple[Step, str]] = []
    for step in found.steps:
        if step.is_held:
            done.append((step, "held"))
            continue
        try:
            with transaction.atomic():
                _destroy(step) if step.action == DESTROY else _anonymise(step)
        except Exception:
            logger.exception("Retention failed for %s", step.label)
            done.append((step, "failed"))
            continue
        done.append((step, "destroyed" if step.action == DESTROY else "anonymised"))
    return done


HEADER = ("outcome", "kind", "action", "record", "reason", "holds")


def report_rows(outcomes: Iterable[tuple[Step, str]]) -> list[tuple[str, ...]]:
    return [
        (outcome, step.kind, step.action, step.label, step.reason, "; ".join(map(str, step.holds)))
        for step, outcome in outcomes
    ]


def write_report(path: Path, outcomes: Iterable[tuple[Step, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(report_rows(outcomes))
