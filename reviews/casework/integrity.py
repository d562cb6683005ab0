"""Whether the document store still holds what the database records: every review document and
every finished annual-report PDF has a file in the private store and the SHA-256 of its content.

A database restored without its store looks healthy while every document answers 404: `manage.py
check_documents` reads every file against its checksum, and /healthz (the "documents" check)
cheaply looks for the newest files' existence.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final, Literal

from django.conf import settings

from reviews.models import AnnualReportRender, ReviewDocument
from reviews.storage import PrivateStorage

MISSING: Final = "missing"
ALTERED: Final = "altered"
_BLOCK = 1024 * 1024


@dataclass(frozen=True)
class Recorded:
    """A file the database says the store holds."""

    record: str
    name: str
    sha256: str


@dataclass(frozen=True)
class Problem:
    kind: Literal["missing", "altered"]
    file: Recorded


def recorded_files(*, newest: int | None = None) -> Iterator[Recorded]:
    """Every document file recorded (or the `newest` of each kind), oldest first."""
    kinds = (
        ("review document", ReviewDocument.objects.all()),
        ("annual report PDF", AnnualReportRender.objects.exclude(file="")),
    )
    for label, queryset in kinds:
        rows = queryset.order_by("-pk").values_list("pk", "file", "sha256")
        chosen = rows[:newest] if newest is not None else rows
        for pk, name, sha256 in sorted(chosen.iterator()):
            yield Recorded(f"{label} {pk}", name, sha256)


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while block := file.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def document_problems() -> Iterator[Problem]:
    """Every recorded file that is missing from the store, or whose content is not what was stored."""
    storage = PrivateStorage()
    for recorded in recorded_files():
        path = storage.path(recorded.name)
        try:
            actual = _sha256(path)
        except FileNotFoundError:
            yield Problem(MISSING, recorded)
            continue
        if recorded.sha256 and actual != recorded.sha256:
            yield Problem(ALTERED, recorded)


def documents_health() -> dict[str, object]:
    """For /healthz: how many of the newest recorded files are missing (existence only: cheap)."""
    storage = PrivateStorage()
    checked = missing = 0
    for recorded in recorded_files(newest=settings.CRAG_HEALTH_DOCUMENTS_CHECKED):
        checked += 1
        missing += not storage.exists(recorded.name)
    return {"ok": missing == 0, "checked": checked, "missing": missing}
