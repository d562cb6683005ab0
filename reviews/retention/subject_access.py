"""The subject access export for one child (the Data Protection Act 2018's right of access):
everything CRAG holds about them in one ZIP, audited as an export naming who made it.

The ZIP holds child.json (the child record), incidents.json (the incidents naming them, each with
its Rapid Review, agency summaries, safety actions and amendments), reviews.json (the reviews naming
them, with their life letters, parallel processes and documents' details), holds.json (legal
holds), audit.json (the audit entries about all of those), documents/ (the reviews' files) and
manifest.json (each file's SHA-256). The partnership redacts what identifies others before disclosure."""

import hashlib
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, Q
from django.http import HttpRequest

from crag import audit
from crag.models import AuditEvent, AuditEventKind, User
from reviews.models import Child, Incident, RapidReview, Review
from reviews.retention.holds import holds_naming

WHAT = "subject access export"


def _rows(records: Iterable[Model]) -> list[dict[str, Any]]:
    return [
        {"model": row["model"], "pk": row["pk"], **row["fields"]}
        for row in serializers.serialize("python", list(records))
    ]


def _incidents(child: Child) -> tuple[list[dict[str, Any]], list[RapidReview]]:
    found, rapid_reviews = [], []
    for incident in Incident.objects.filter(children=child).order_by("pk"):
        entry: dict[str, Any] = {"incident": _rows([incident])[0], "rapid_review": None}
        rapid_review = RapidReview.objects.filter(incident=incident).first()
        if rapid_review is not None:
            rapid_reviews.append(rapid_review)
            entry["rapid_review"] = {
                "record": _rows([rapid_review])[0],
                "agency_summaries": _rows(rapid_review.agency_summaries.all()),
                "safety_actions": _rows(rapid_review.safety_actions.all()),
                "amendments": _rows(rapid_review.amendments.all()),
            }
        found.append(entry)
    return found, rapid_reviews


def _reviews(child: Child) -> tuple[list[dict[str, Any]], list[Review]]:
    reviews = list(
        Review.objects.filter(Q(children=child) | Q(rapid_review__incident__children=child))
        .distinct()
        .order_by("pk")
    )
    found = [
        {
            "review": _rows([review])[0],
            "life_letters": _rows(review.life_letters.filter(child=child)),
            "parallel_processes": _rows(review.parallel_processes.all()),
            "documents": _rows(review.documents.defer("text").order_by("pk")),
        }
        for review in reviews
    ]
    return found, reviews


def _audit(records: Iterable[Model]) -> list[dict[str, Any]]:
    query = Q(pk__in=[])
    for record in records:
        content_type = ContentType.objects.get_for_model(record)
        query |= Q(content_type=content_type, object_pk=str(record.pk))
    return [
        {
            "at": entry.timestamp,
            "record": f"{entry.content_type.model} {entry.object_pk} ({entry.object_repr})",
            "action": entry.get_action_display(),
            "by": str(entry.actor) if entry.actor_id else "",
            "changes": entry.changes_dict,
        }
        for entry in LogEntry.objects.filter(query).select_related("content_type", "actor").order_by("pk")
    ]


def _json(data: object) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode()


def subject_access_export(
    *, actor: User, child: Child, output: Path | IO[bytes], request: HttpRequest | None = None
) -> AuditEvent:
    """Write the child's ZIP to output and record the export (who, which child, how many files)."""
    incidents, rapid_reviews = _incidents(child)
    reviews, review_records = _reviews(child)
    holds = holds_naming(child=child)
    records: list[Model] = [child, *Incident.objects.filter(children=child), *rapid_reviews, *review_records]
    parts = {
        "child.json": _json(_rows([child])[0]),
        "incidents.json": _json(incidents),
        "reviews.json": _json(reviews),
        "holds.json": _json(_rows(holds)),
        "audit.json": _json(_audit([*records, *holds])),
    }
    for review in review_records:
        for document in review.documents.order_by("pk"):
            with document.file.open("rb") as stored:
                parts[f"documents/{review.pk}/{document.pk}-{Path(document.original_name).name}"] = (
                    stored.read()
                )
    manifest = {name: hashlib.sha256(data).hexdigest() for name, data in parts.items()}
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        archive.writestr("manifest.json", _json(manifest))
    return audit.record_event(
        kind=AuditEventKind.EXPORT,
        request=request,
        actor=actor,
        detail={"what": WHAT, "child": child.pk, "pseudonym": child.pseudonym, "files": len(parts) + 1},
    )
