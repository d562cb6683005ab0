"""What a section of the "crag-records/1" import is (its fields, how a record is saved), and the
helpers every section is built from: the state of one run, the parsers of values and of references
to other records, and the upsert that makes a second import change nothing (DESIGN.md section 4).

A problem is named by record and field: `incidents[ref=INC-7].aware_date: ...`, or `incidents[3]`
(0-based position) when the record has no usable ref; every problem is collected before the
document is refused. The sections themselves are in their own modules, listed in
reviews.importer.run.
"""

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction

from crag.models import Agency, User
from reviews.editing import versions
from reviews.models import Child, Incident, RapidReview, Review, Theme

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
REF_MAX_LENGTH = 64


class BadValueError(Exception):
    """A value that cannot be imported; without a message when its cause is reported elsewhere
    (a reference to a record that was itself refused)."""

    def __init__(self, message: str | None) -> None:
        super().__init__(message or "")
        self.message = message


@dataclass
class SectionCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    """What an import did, per section in import order."""

    sections: dict[str, SectionCounts] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def created(self) -> int:
        return sum(c.created for c in self.sections.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.sections.values())


@dataclass
class Run:
    """The state of one import: problems so far, and the records of the document by ref."""

    actor: User | None
    result: ImportResult
    errors: list[str] = field(default_factory=list)
    themes: dict[str, Theme] = field(default_factory=dict)
    found: defaultdict[str, dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))
    refused: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    label: str = ""  # the record being parsed, for the parsers of nested records

    def error(self, label: str, field_name: str | None, message: str) -> None:
        self.errors.append(f"{label}.{field_name}: {message}" if field_name else f"{label}: {message}")


Parser = Callable[[Run, Any], Any]
Saver = Callable[[Run, str, dict[str, Any]], models.Model | None]
Check = Callable[[Run, str, dict[str, Any]], bool]


@dataclass(frozen=True)
class Field:
    name: str
    parse: Parser
    nullable: bool = False  # may be null or left out
    # Added after the first release of crag-records/1 (DESIGN.md section 4): a record without the
    # key is read as before, and the value already recorded is left as it is.
    optional: bool = False


@dataclass(frozen=True)
class Section:
    fields: tuple[Field, ...] = ()
    save: Saver | None = None  # None: in the format, not importable yet


# --- Values -----------------------------------------------------------------------------------


def show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    return type(value).__name__ if isinstance(value, dict | list) else str(value)


def storable(value: str) -> str:
    """The string, unless it holds a NUL character, which no text column (nor the audit trail's
    JSON) can store: refused like any other bad value, never a crash."""
    if "\x00" in value:
        raise BadValueError("contains a NUL character (\\u0000), which cannot be stored")
    return value


def parse_ref(run: Run, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BadValueError(f"{show(value)} is not a reference (a non-empty string)")
    if len(value) > REF_MAX_LENGTH:
        raise BadValueError(f"is longer than {REF_MAX_LENGTH} characters")
    return storable(value)


def parse_text(run: Run, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BadValueError(f"{show(value)} is not a non-empty string")
    return storable(value.strip())


def parse_note(run: Run, value: Any) -> str:
    if not isinstance(value, str):
        raise BadValueError(f"{show(value)} is not a string")
    return storable(value.strip())


def parse_boolean(run: Run, value: Any) -> bool:
    if not isinstance(value, bool):
        raise BadValueError(f"{show(value)} is not true or false")
    return value


def parse_date(run: Run, value: Any) -> date:
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise BadValueError(f"{show(value)} is not a date (YYYY-MM-DD)")


def choice_of(choices: type[models.TextChoices]) -> Parser:
    def parse(run: Run, value: Any) -> str:
        if isinstance(value, str) and value in choices.values:
            return value
        raise BadValueError(f"{show(value)} is not one of: {', '.join(choices.values)}")

    return parse


def parse_strings(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise BadValueError(f"{show(value)} is not a list of strings")
    return list(dict.fromkeys(storable(item) for item in value))


def parse_themes(run: Run, value: Any) -> list[Theme]:
    slugs = parse_strings(value)
    unknown = [slug for slug in slugs if slug not in run.themes]
    if unknown:
        raise BadValueError(f"unknown theme {', '.join(show(slug) for slug in unknown)}")
    return [run.themes[slug] for slug in slugs]


# --- References to other records ----------------------------------------------------------------

# How a ref not in the document is found in the database. Agencies have no ref: a later
# section may name an agency already in the database by its name.
IN_DATABASE: dict[str, Callable[[str], models.Model | None]] = {
    "agencies": lambda ref: Agency.objects.filter(name=ref).first(),
    "children": lambda ref: Child.objects.filter(ref=ref).first(),
    "incidents": lambda ref: Incident.objects.filter(ref=ref).first(),
    "rapid_reviews": lambda ref: RapidReview.objects.filter(ref=ref).first(),
    "reviews": lambda ref: Review.objects.filter(ref=ref).first(),
}


def resolve(run: Run, section: str, noun: str, ref: str) -> Any:
    if ref in run.found[section]:
        return run.found[section][ref]
    if ref in run.refused[section]:
        raise BadValueError(None)
    record = IN_DATABASE[section](ref)
    if record is None:
        raise BadValueError(f'unknown {noun} "{ref}" (in neither this file nor the database)')
    run.found[section][ref] = record
    return record


def reference_to(section: str, noun: str) -> Parser:
    def parse(run: Run, value: Any) -> Any:
        return resolve(run, section, noun, parse_ref(run, value))

    return parse


def references_to(section: str, noun: str, *, minimum: int = 0) -> Parser:
    def parse(run: Run, value: Any) -> list[Any]:
        refs = parse_strings(value)
        if len(refs) < minimum:
            raise BadValueError(f"needs at least {minimum} {noun} ref")
        records, problems, silent = [], [], False
        for ref in refs:
            try:
                records.append(resolve(run, section, noun, ref))
            except BadValueError as bad:
                silent = silent or bad.message is None
                problems += [bad.message] if bad.message else []
        if problems or silent:
            raise BadValueError("; ".join(problems) or None)
        return records

    return parse


# --- Writing ----------------------------------------------------------------------------------


def consistent(run: Run, label: str, contradictions: list[tuple[bool, str, str]]) -> bool:
    """Report each (is_contradiction, field, message); True when there are none."""
    found = [(name, message) for bad, name, message in contradictions if bad]
    for name, message in found:
        run.error(label, name, message)
    return not found


def _assign(instance: models.Model, values: dict[str, Any]) -> bool:
    """Set the values on the instance; True when any of them differs from what it had."""
    changed = False
    for name, value in values.items():
        model_field = instance._meta.get_field(name)
        if model_field.is_relation:
            attname = model_field.attname  # type: ignore[union-attr]
            changed = changed or getattr(instance, attname) != getattr(value, "pk", None)
        else:
            changed = changed or getattr(instance, name) != value
        setattr(instance, name, value)
    return changed


def _m2m_differs(instance: models.Model, name: str, records: list[models.Model]) -> bool:
    current = set(getattr(instance, name).values_list("pk", flat=True))
    return current != {record.pk for record in records}


def _report_invalid(run: Run, label: str, exc: ValidationError) -> None:
    for name, messages in exc.message_dict.items():
        for message in messages:
            run.error(label, None if name == NON_FIELD_ERRORS else name, message)


def _save(run: Run, label: str, instance: models.Model, m2m: dict[str, list[Any]]) -> bool:
    try:
        instance.full_clean()
    except ValidationError as exc:
        _report_invalid(run, label, exc)
        return False
    try:
        with transaction.atomic():  # a savepoint, so that one refusal does not end the run
            if instance.pk is not None and versions.is_versioned(instance):
                versions.claim(instance, None)  # a form opened before the import sees the change
            instance.save()
            for name, records in m2m.items():
                getattr(instance, name).set(records)
    except IntegrityError as exc:
        run.error(label, None, f"the database refused it: {exc}")
        return False
    return True


def upsert[M: models.Model](
    run: Run,
    label: str,
    section: str,
    instance: M | None,
    new: Callable[[], M],
    values: dict[str, Any],
    m2m: dict[str, list[Any]] | None = None,
) -> M | None:
    """Create the record, or update the matched one to the file's values; write nothing when
    it already has them, so that a second import changes nothing."""
    m2m = m2m or {}
    created = instance is None
    record = new() if instance is None else instance
    changed = _assign(record, values)
    changed = changed or any(_m2m_differs(record, name, rows) for name, rows in m2m.items() if not created)
    counts = run.result.sections[section]
    if not (created or changed):
        counts.unchanged += 1
        return record
    if not _save(run, label, record, m2m):
        return None
    if created:
        counts.created += 1
    else:
        counts.updated += 1
    return record


# --- Records -----------------------------------------------------------------------------------


def parse_record(run: Run, label: str, section: Section, record: dict[str, Any]) -> dict[str, Any] | None:
    """The record's values parsed, or None when any is refused (each problem reported)."""
    ok = True
    run.label = label
    for key in sorted(record.keys() - {f.name for f in section.fields}):
        run.error(label, key, "unknown field")
        ok = False
    values: dict[str, Any] = {}
    for spec in section.fields:
        if spec.optional and spec.name not in record:
            continue
        raw = record.get(spec.name)
        if raw is None:
            if not spec.nullable:
                run.error(label, spec.name, "is required" if spec.name not in record else "cannot be null")
                ok = False
            values[spec.name] = None
            continue
        try:
            values[spec.name] = spec.parse(run, raw)
        except BadValueError as bad:
            if bad.message:
                run.error(label, spec.name, bad.message)
            ok = False
    return values if ok else None


def nested(name: str, section: Section, check: Check) -> Parser:
    """A list of records within a record, each parsed and checked like a top-level one and named
    within it: `recommendations[ref=REC-1].actions[ref=ACT-1].completed_on: ...`. Returns the
    (label, values) of each."""

    def parse(run: Run, value: Any) -> list[tuple[str, dict[str, Any]]]:
        if not isinstance(value, list):
            raise BadValueError(f"{show(value)} is not a list of records")
        parent, items, ok = run.label, [], True
        for index, item in enumerate(value):
            ref = item.get("ref") if isinstance(item, dict) else None
            ref = ref if isinstance(ref, str) and ref.strip() else None
            label = f"{parent}.{name}[ref={ref}]" if ref else f"{parent}.{name}[{index}]"
            if not isinstance(item, dict):
                run.error(label, None, "is not an object")
                ok = False
                continue
            values = parse_record(run, label, section, item)
            ok = values is not None and check(run, label, values) and ok
            if values is not None:
                items.append((label, values))
        run.label = parent
        if not ok:
            raise BadValueError(None)  # each problem is reported above
        return items

    return parse
