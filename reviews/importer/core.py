"""Import of recorded history: the "crag-records/1" document of DESIGN.md section 4 (contract).

All or nothing (one transaction), idempotent by `ref` (a record is matched by its ref and updated
to the file's values; agencies, which have no ref, by name), and every problem is named by record
and field: `incidents[ref=INC-7].aware_date: ...`, or `incidents[3]` (0-based position) when the
record has no usable ref. Every problem is collected before the document is refused.

Sections are imported in dependency order, each by one handler in SECTIONS; a section whose
handler is None is part of the format but not importable yet. The review sections (reviews, and
recommendations with their actions) are defined in reviews.importer.reviews, and the learning
events in reviews.importer.learning; both build on the helpers here and fill the places reserved
for them in SECTIONS.
"""

import re
from collections import defaultdict
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction

from crag.models import Agency, AgencyKind, User
from reviews.choices import Gender, IncidentKind, PanelResponse, RapidReviewOutcome
from reviews.editing import versions
from reviews.models import Child, Incident, RapidReview, Review, Theme

FORMAT = "crag-records/1"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
REF_MAX_LENGTH = 64


class RecordsImportError(Exception):
    """The document was refused and nothing was written; `errors` names every problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


class _BadValueError(Exception):
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
class _Run:
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


Parser = Callable[[_Run, Any], Any]
Saver = Callable[[_Run, str, dict[str, Any]], models.Model | None]


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


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    return type(value).__name__ if isinstance(value, dict | list) else str(value)


def _ref(run: _Run, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _BadValueError(f"{_show(value)} is not a reference (a non-empty string)")
    if len(value) > REF_MAX_LENGTH:
        raise _BadValueError(f"is longer than {REF_MAX_LENGTH} characters")
    return value


def _text(run: _Run, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _BadValueError(f"{_show(value)} is not a non-empty string")
    return value.strip()


def _note(run: _Run, value: Any) -> str:
    if not isinstance(value, str):
        raise _BadValueError(f"{_show(value)} is not a string")
    return value.strip()


def _boolean(run: _Run, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _BadValueError(f"{_show(value)} is not true or false")
    return value


def _date(run: _Run, value: Any) -> date:
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _BadValueError(f"{_show(value)} is not a date (YYYY-MM-DD)")


def _choice(choices: type[models.TextChoices]) -> Parser:
    def parse(run: _Run, value: Any) -> str:
        if isinstance(value, str) and value in choices.values:
            return value
        raise _BadValueError(f"{_show(value)} is not one of: {', '.join(choices.values)}")

    return parse


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _BadValueError(f"{_show(value)} is not a list of strings")
    return list(dict.fromkeys(value))


def _themes(run: _Run, value: Any) -> list[Theme]:
    slugs = _strings(value)
    unknown = [slug for slug in slugs if slug not in run.themes]
    if unknown:
        raise _BadValueError(f"unknown theme {', '.join(_show(slug) for slug in unknown)}")
    return [run.themes[slug] for slug in slugs]


# --- References to other records ----------------------------------------------------------------

# How a ref not in the document is found in the database. Agencies have no ref: a later
# section may name an agency already in the database by its name.
_IN_DATABASE: dict[str, Callable[[str], models.Model | None]] = {
    "agencies": lambda ref: Agency.objects.filter(name=ref).first(),
    "children": lambda ref: Child.objects.filter(ref=ref).first(),
    "incidents": lambda ref: Incident.objects.filter(ref=ref).first(),
    "rapid_reviews": lambda ref: RapidReview.objects.filter(ref=ref).first(),
    "reviews": lambda ref: Review.objects.filter(ref=ref).first(),
}


def _resolve(run: _Run, section: str, noun: str, ref: str) -> Any:
    if ref in run.found[section]:
        return run.found[section][ref]
    if ref in run.refused[section]:
        raise _BadValueError(None)
    record = _IN_DATABASE[section](ref)
    if record is None:
        raise _BadValueError(f'unknown {noun} "{ref}" (in neither this file nor the database)')
    run.found[section][ref] = record
    return record


def _reference(section: str, noun: str) -> Parser:
    def parse(run: _Run, value: Any) -> Any:
        return _resolve(run, section, noun, _ref(run, value))

    return parse


def _references(section: str, noun: str, *, minimum: int = 0) -> Parser:
    def parse(run: _Run, value: Any) -> list[Any]:
        refs = _strings(value)
        if len(refs) < minimum:
            raise _BadValueError(f"needs at least {minimum} {noun} ref")
        records, problems, silent = [], [], False
        for ref in refs:
            try:
                records.append(_resolve(run, section, noun, ref))
            except _BadValueError as bad:
                silent = silent or bad.message is None
                problems += [bad.message] if bad.message else []
        if problems or silent:
            raise _BadValueError("; ".join(problems) or None)
        return records

    return parse


# --- Writing ----------------------------------------------------------------------------------


def _check(run: _Run, label: str, contradictions: list[tuple[bool, str, str]]) -> bool:
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


def _report_invalid(run: _Run, label: str, exc: ValidationError) -> None:
    for name, messages in exc.message_dict.items():
        for message in messages:
            run.error(label, None if name == NON_FIELD_ERRORS else name, message)


def _versioned(instance: models.Model) -> bool:
    return any(field.name == versions.FIELD for field in instance._meta.concrete_fields)


def _save(run: _Run, label: str, instance: models.Model, m2m: dict[str, list[Any]]) -> bool:
    try:
        instance.full_clean()
    except ValidationError as exc:
        _report_invalid(run, label, exc)
        return False
    try:
        with transaction.atomic():  # a savepoint, so that one refusal does not end the run
            if instance.pk is not None and _versioned(instance):
                versions.claim(instance, None)  # a form opened before the import sees the change
            instance.save()
            for name, records in m2m.items():
                getattr(instance, name).set(records)
    except IntegrityError as exc:
        run.error(label, None, f"the database refused it: {exc}")
        return False
    return True


def _upsert[M: models.Model](
    run: _Run,
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


# --- Sections -----------------------------------------------------------------------------------


def _save_agency(run: _Run, label: str, v: dict[str, Any]) -> Agency | None:
    same_name = [ref for ref, agency in run.found["agencies"].items() if agency.name == v["name"]]
    clash = f"is also the name of agencies[ref={same_name[0]}]" if same_name else ""
    if not _check(run, label, [(bool(same_name), "name", clash)]):
        return None
    existing = Agency.objects.filter(name=v["name"]).first()
    return _upsert(run, label, "agencies", existing, lambda: Agency(name=v["name"]), {"kind": v["kind"]})


def _save_child(run: _Run, label: str, v: dict[str, Any]) -> Child | None:
    born, died = v["date_of_birth"], v["date_of_death"]
    if not _check(
        run,
        label,
        [
            (died is not None and not v["deceased"], "date_of_death", "is given but deceased is false"),
            (bool(born and died and died < born), "date_of_death", f"{died} is before date_of_birth {born}"),
        ],
    ):
        return None
    values = {
        "pseudonym": v["pseudonym"],
        "date_of_birth": born,
        "gender": v["gender"],
        "deceased": v["deceased"],
        "date_of_death": died,
        "looked_after": v["looked_after"],
        "ethnicity": v["ethnicity"] or "",
        "disability": v["disability"] or "",
    }
    existing = Child.objects.filter(ref=v["ref"]).first()
    return _upsert(run, label, "children", existing, lambda: Child(ref=v["ref"]), values)


def _new_incident_reference(ref: str) -> str:
    """CRAG's reference for an imported incident: its ref if free, else the ref numbered."""
    candidate, number = ref[:32], 2
    while Incident.objects.filter(reference=candidate).exists():
        suffix = f"-{number}"
        candidate, number = ref[: 32 - len(suffix)] + suffix, number + 1
    return candidate


# The notification dates of an incident: the first release's, then the optional ones.
NOTIFICATION_KEYS = (
    "panel_notified_on",
    "partnership_informed_on",
    "ofsted_notified_on",
    "secretary_of_state_notified_on",
)


def _save_incident(run: _Run, label: str, v: dict[str, Any]) -> Incident | None:
    happened, aware = v["incident_date"], v["aware_date"]
    notified = {key: v[key] for key in NOTIFICATION_KEYS if key in v}
    if not _check(
        run,
        label,
        [
            (aware < happened, "aware_date", f"{aware} is before incident_date {happened}"),
            *(
                (bool(day and day < aware), key, f"{day} is before aware_date {aware}")
                for key, day in notified.items()
            ),
        ],
    ):
        return None
    values = {
        "kind": v["kind"],
        "incident_date": happened,
        "aware_date": aware,
        "abuse_or_neglect_suspected": v["abuse_or_neglect_suspected"],
        **notified,
    }

    def new() -> Incident:
        reference = _new_incident_reference(v["ref"])
        return Incident(ref=v["ref"], reference=reference, created_by=run.actor)

    existing = Incident.objects.filter(ref=v["ref"]).first()
    m2m = {"children": v["children"], "themes": v["themes"]}
    return _upsert(run, label, "incidents", existing, new, values, m2m)


def _rapid_review_contradictions(
    v: dict[str, Any], existing: RapidReview | None
) -> list[tuple[bool, str, str]]:
    incident: Incident = v["incident"]
    other = RapidReview.objects.filter(incident=incident).exclude(ref=v["ref"]).first()
    other_name = (f"ref={other.ref}" if other.ref else f"id {other.pk}") if other else ""
    sent, notified = v["sent_to_panel_on"], incident.panel_notified_on
    found = [
        (other is not None, "incident", f"{incident.reference} already has a rapid review ({other_name})"),
        (
            bool(sent and sent < incident.aware_date),
            "sent_to_panel_on",
            f"{sent} is before the incident's aware_date {incident.aware_date}",
        ),
        (
            bool(sent and notified and incident.aware_date <= sent < notified),
            "sent_to_panel_on",
            f"{sent} is before the incident's panel_notified_on {notified} "
            "(a Rapid Review is sent after the Panel was notified)",
        ),
    ]
    # A signed-off decision is never edited (DESIGN.md section 3): corrections are amendments.
    for name in ("meets_cspr_criteria", "complex_or_national_importance"):
        signed_off = existing is not None and existing.is_signed_off
        changed = signed_off and getattr(existing, name) != v[name]
        found.append((changed, name, "the decision is signed off; record a correction as an amendment"))
    return found


def _save_rapid_review(run: _Run, label: str, v: dict[str, Any]) -> RapidReview | None:
    existing = RapidReview.objects.filter(ref=v["ref"]).first()
    if not _check(run, label, _rapid_review_contradictions(v, existing)):
        return None
    values = {
        "incident": v["incident"],
        "sent_to_panel_on": v["sent_to_panel_on"],
        "meets_cspr_criteria": v["meets_cspr_criteria"],
        "complex_or_national_importance": v["complex_or_national_importance"],
        "panel_response": v["panel_response"],
        "outcome": v["outcome"] or "",
    }
    if "panel_considers_criteria_met" in v:
        values["panel_considers_criteria_met"] = v["panel_considers_criteria_met"]
    return _upsert(run, label, "rapid_reviews", existing, lambda: RapidReview(ref=v["ref"]), values)


# In dependency order: a section may refer only to the sections above it.
SECTIONS: dict[str, Section] = {
    "agencies": Section(
        (Field("ref", _ref), Field("name", _text), Field("kind", _choice(AgencyKind))),
        _save_agency,
    ),
    "children": Section(
        (
            Field("ref", _ref),
            Field("pseudonym", _text),
            Field("date_of_birth", _date, nullable=True),
            Field("gender", _choice(Gender)),
            Field("deceased", _boolean),
            Field("date_of_death", _date, nullable=True),
            Field("looked_after", _boolean),
            Field("ethnicity", _note, nullable=True),
            Field("disability", _note, nullable=True),
        ),
        _save_child,
    ),
    "incidents": Section(
        (
            Field("ref", _ref),
            Field("kind", _choice(IncidentKind)),
            Field("incident_date", _date),
            Field("aware_date", _date),
            Field("children", _references("children", "child", minimum=1)),
            Field("abuse_or_neglect_suspected", _boolean),
            Field("panel_notified_on", _date, nullable=True),
            Field("themes", _themes),
            Field("partnership_informed_on", _date, nullable=True, optional=True),
            Field("ofsted_notified_on", _date, nullable=True, optional=True),
            Field("secretary_of_state_notified_on", _date, nullable=True, optional=True),
        ),
        _save_incident,
    ),
    "rapid_reviews": Section(
        (
            Field("ref", _ref),
            Field("incident", _reference("incidents", "incident")),
            Field("sent_to_panel_on", _date, nullable=True),
            Field("meets_cspr_criteria", _boolean, nullable=True),
            Field("complex_or_national_importance", _boolean, nullable=True),
            Field("panel_response", _choice(PanelResponse)),
            Field("outcome", _choice(RapidReviewOutcome), nullable=True),
            Field("panel_considers_criteria_met", _boolean, nullable=True, optional=True),
        ),
        _save_rapid_review,
    ),
    "reviews": Section(),  # filled by reviews.importer.reviews
    "recommendations": Section(),  # filled by reviews.importer.reviews
    "learning_events": Section(),  # filled by reviews.importer.learning
}


# --- The document -------------------------------------------------------------------------------


def _parse_record(run: _Run, label: str, section: Section, record: dict[str, Any]) -> dict[str, Any] | None:
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
        except _BadValueError as bad:
            if bad.message:
                run.error(label, spec.name, bad.message)
            ok = False
    return values if ok else None


def _import_section(run: _Run, name: str, section: Section, save: Saver, records: list[Any]) -> None:
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            run.error(f"{name}[{index}]", None, "is not an object")
            continue
        ref = record.get("ref")
        ref = ref if isinstance(ref, str) and ref.strip() else None
        label = f"{name}[ref={ref}]" if ref else f"{name}[{index}]"
        values = _parse_record(run, label, section, record)
        if ref and (ref in run.found[name] or ref in run.refused[name]):
            run.error(label, "ref", "is used by an earlier record of this section")
            continue
        saved = save(run, label, values) if values is not None else None
        if ref and saved is None:
            run.refused[name].add(ref)
        elif ref and saved is not None:
            run.found[name][ref] = saved


def _import_document(run: _Run, document: dict[str, Any]) -> None:
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
        raise RecordsImportError([f'format: {_show(document.get("format"))} is not "{FORMAT}"'])
    run = _Run(actor=actor, result=ImportResult(dry_run=dry_run))
    with set_actor(actor) if actor is not None else nullcontext(), transaction.atomic():
        _import_document(run, document)
        if run.errors:
            raise RecordsImportError(run.errors)
        if dry_run:
            transaction.set_rollback(True)
    return run.result


# The review and learning sections take their places in SECTIONS when their modules are loaded
# (they import the helpers above, so they cannot be imported at the top of this module).
from reviews.importer import learning as importer_learning  # noqa: E402, F401
from reviews.importer import reviews as importer_reviews  # noqa: E402, F401
