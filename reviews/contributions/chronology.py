"""Writes to the agencies' chronologies (issue 18): an agency adds, edits and deletes its own rows
while its chronology request is open, or uploads them from the spreadsheet template; CRAG marks
the key practice episodes on submitted rows."""

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from crag import permissions
from crag.models import User
from reviews import validation
from reviews.choices import ContributionKind, ContributionStatus, DatePrecision
from reviews.contributions import chronology_sheet
from reviews.editing import versions
from reviews.models import ChronologyEntry, ContributionRequest

CLOSED = "This chronology has been submitted, so it cannot be changed unless CRAG returns it for changes."
NOT_SUBMITTED = "Key practice episodes are marked on submitted chronologies only."
EDITABLE = (
    "occurred_on",
    "precision",
    "occurred_at",
    "source",
    "what_happened",
    "significance",
    "key_practice_episode",
)
MAX_ERRORS_SHOWN = 200


@dataclass(frozen=True)
class UploadResult:
    """What an upload did: rows added, rows already there, empty rows skipped."""

    added: int
    unchanged: int
    skipped: int = 0


def _open_request(actor: User, request: ContributionRequest) -> ContributionRequest:
    """The request, locked against a submission in the same moment, if the actor may write to it now."""
    permissions.require(bool(permissions.can_write_contribution(actor, request)))
    if request.kind != ContributionKind.CHRONOLOGY:
        raise ValidationError("Only a chronology request has chronology rows.")
    locked = ContributionRequest.objects.select_for_update().get(pk=request.pk)
    if not locked.is_open:
        raise ValidationError(CLOSED)
    return locked


def _check(entry: ChronologyEntry) -> None:
    validation.require_not_in_future(entry.occurred_on, field="occurred_on")
    entry.source = entry.source.strip()
    entry.what_happened = entry.what_happened.strip()
    entry.significance = entry.significance.strip()
    entry.full_clean()


@transaction.atomic
def chronology_entry_add(
    *,
    actor: User,
    request: ContributionRequest,
    occurred_on: date,
    source: str,
    what_happened: str,
    precision: str = DatePrecision.EXACT,
    occurred_at: time | None = None,
    significance: str = "",
    key_practice_episode: bool = False,
) -> ChronologyEntry:
    """Add a row to the agency's chronology while its request is open."""
    locked = _open_request(actor, request)
    entry = ChronologyEntry(
        request=locked,
        occurred_on=occurred_on,
        precision=precision or DatePrecision.EXACT,
        occurred_at=occurred_at,
        source=source,
        what_happened=what_happened,
        significance=significance,
        key_practice_episode=key_practice_episode,
        created_by=actor,
    )
    _check(entry)
    entry.save()
    return entry


@transaction.atomic
def chronology_entry_edit(
    *, actor: User, entry: ChronologyEntry, version: int | None, **fields: Any
) -> ChronologyEntry:
    """Change a row of the agency's chronology while its request is open (from the version read)."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"chronology rows have no editable fields {sorted(unknown)}")
    _open_request(actor, entry.request)
    versions.claim(entry, version)
    entry = ChronologyEntry.objects.select_for_update().get(pk=entry.pk)
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.precision = entry.precision or DatePrecision.EXACT
    entry.row_key = ""  # no longer the uploaded row: uploading that row again adds it back
    _check(entry)
    entry.save()
    return entry


@transaction.atomic
def chronology_entry_delete(*, actor: User, entry: ChronologyEntry) -> None:
    """Delete a row of the agency's chronology while its request is open."""
    _open_request(actor, entry.request)
    entry.delete()


@transaction.atomic
def chronology_mark_key_episode(
    *, actor: User, entry: ChronologyEntry, flag: bool, version: int | None = None
) -> ChronologyEntry:
    """CRAG marks (or unmarks) a submitted row as a key practice episode."""
    permissions.require(bool(permissions.can_decide_contributions(actor)))
    if entry.request.status not in (ContributionStatus.SUBMITTED, ContributionStatus.ACCEPTED):
        raise ValidationError(NOT_SUBMITTED)
    versions.claim(entry, version)
    entry = ChronologyEntry.objects.select_for_update().get(pk=entry.pk)
    entry.key_practice_episode = flag
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def chronology_upload(
    *, actor: User, request: ContributionRequest, upload: "UploadedFile[bytes]"
) -> UploadResult:
    """Add the rows of an uploaded chronology spreadsheet: all of them or, if any row has a problem,
    none (each problem named by row and column). A row already uploaded is left unchanged."""
    locked = _open_request(actor, request)
    stream = upload.file
    chronology_sheet.check_file(stream, upload.size or 0)  # type: ignore[arg-type]
    reading = chronology_sheet.read_sheet(stream)  # type: ignore[arg-type]
    if reading.errors:
        shown = reading.errors[:MAX_ERRORS_SHOWN]
        if len(reading.errors) > MAX_ERRORS_SHOWN:
            shown.append(f"And {len(reading.errors) - MAX_ERRORS_SHOWN} more problems.")
        raise ValidationError(shown)
    known = set(
        ChronologyEntry.objects.filter(request=locked).exclude(row_key="").values_list("row_key", flat=True)
    )
    added = unchanged = 0
    for row in reading.rows:
        key = row.row_key
        if key in known:
            unchanged += 1
            continue
        known.add(key)
        entry = ChronologyEntry(
            request=locked,
            occurred_on=row.occurred_on,
            precision=row.precision,
            occurred_at=row.occurred_at,
            source=row.source,
            what_happened=row.what_happened,
            significance=row.significance,
            key_practice_episode=row.key_practice_episode,
            row_key=key,
            created_by=actor,
        )
        entry.full_clean(validate_unique=False, validate_constraints=False)  # `known` covers row_key
        entry.save()  # one by one, so that each row has its audit entry
        added += 1
    return UploadResult(added=added, unchanged=unchanged, skipped=reading.skipped)
