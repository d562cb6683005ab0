"""Import of recorded history: the "crag-records/1" document of DESIGN.md section 4 (contract).

All or nothing (one transaction), idempotent by `ref` (a record is matched by its ref and updated
to the file's values; agencies, which have no ref, by name), and every problem is named by record
and field (reviews.importer.section). Every problem is collected before the document is refused.

The sections are imported in dependency order, each by the one Section of SECTIONS below; a
section without a save is part of the format but not importable yet.
"""

from contextlib import nullcontext
from typing import Any

from auditlog.context import set_actor
from django.db import transaction

from crag.models import User
from reviews.importer import (
    agencies,
    children,
    chronology,
    external_reviews,
    incidents,
    learning,
    rapid_reviews,
    reviews,
)
from reviews.importer.section import ImportResult, Run, Saver, Section, SectionCounts, parse_record, show
from reviews.models import Theme

FORMAT = "crag-records/1"

# In dependency order: a section may refer only to the sections above it.
SECTIONS: dict[str, Section] = {
    "agencies": agencies.AGENCIES,
    "children": children.CHILDREN,
    "incidents": incidents.INCIDENTS,
    "rapid_reviews": rapid_reviews.RAPID_REVIEWS,
    "reviews": reviews.REVIEWS,
    "recommendations": reviews.RECOMMENDATIONS,
    "chronology": chronology.CHRONOLOGY,
    "learning_events": learning.LEARNING_EVENTS,
    "external_reviews": external_reviews.EXTERNAL_REVIEWS,
}


class RecordsImportError(Exception):
    """The document was refused and nothing was written; `errors` names every problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def _import_section(run: Run, name: str, section: Section, save: Saver, records: list[Any]) -> None:
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            run.error(f"{name}[{index}]", None, "is not an object")
            continue
        ref = record.get("ref")
        ref = ref if isinstance(ref, str) and ref.strip() else None
        label = f"{name}[ref={ref}]" if ref else f"{name}[{index}]"
        values = parse_record(run, label, section, record)
        if ref and (ref in run.found[name] or ref in run.refused[name]):
            run.error(label, "ref", "is used by an earlier record of this section")
            continue
        saved = save(run, label, values) if values is not None else None
        if ref and saved is None:
            run.refused[name].add(ref)
        elif ref and saved is not None:
            run.found[name][ref] = saved


def _import_document(run: Run, document: dict[str, Any]) -> None:
    for name in sorted(document.keys() - SECTIONS.keys() - {"format"}):
        run.error(name, None, f"unknown section (expected {', '.join(SECTIONS)})")
    run.themes = {theme.slug: theme for theme in Theme.objects.all()}
    for name, section in SECTIONS.items():
        records = document.get(name) or []
        if not isinstance(records, list):
            run.error(name, None, "is not a list of records")
        elif section.save is None and records:
            run.error(name, None, f"not supported yet: {name} (leave the section out or empty)")
        elif section.save is not None:
            run.result.sections[name] = SectionCounts()
            _import_section(run, name, section, section.save, records)


def import_records(
    document: dict[str, Any], *, actor: User | None = None, dry_run: bool = False
) -> ImportResult:
    """Import a "crag-records/1" document all or nothing; raises RecordsImportError naming every
    problem, having written nothing. With dry_run, check and count but write nothing."""
    if not isinstance(document, dict):
        raise RecordsImportError(["the document is not a JSON object"])
    if document.get("format") != FORMAT:
        raise RecordsImportError([f'format: {show(document.get("format"))} is not "{FORMAT}"'])
    run = Run(actor=actor, result=ImportResult(dry_run=dry_run))
    with set_actor(actor) if actor is not None else nullcontext(), transaction.atomic():
        _import_document(run, document)
        if run.errors:
            raise RecordsImportError(run.errors)
        if dry_run:
            transaction.set_rollback(True)
    return run.result
