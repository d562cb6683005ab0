"""A full document store: the upload is refused in plain English, no row is written and no file,
partial or empty, is left behind (issue 14, item 6).

A small full filesystem needs root to mount, so the store's writes are made to fail with ENOSPC
part way, where the operating system would report it: a write, or the flush to disk."""

import errno
import os
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.storage import filesystem
from django.core.files.uploadedfile import SimpleUploadedFile

from crag import roles
from crag.tests.matrix_documents import pdf_with_text
from reviews.casework import documents
from reviews.models import Review, ReviewDocument

FULL = "The document could not be saved because the document store is full. Nothing was saved."
CONTENT = pdf_with_text("Terms of reference for the review of Child M " * 200)


def every_file() -> list[Path]:
    root = Path(django_settings.CRAG_PRIVATE_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


class _FillsUp:
    """A file that takes part of the first write, then finds the disk full."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def write(self, data: bytes) -> int:
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@pytest.fixture
def disk_fills_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """Django's file storage writes the upload through os.fdopen: its file fills the disk."""
    real_os = filesystem.os
    fake_os = SimpleNamespace(
        **{name: getattr(real_os, name) for name in dir(real_os) if not name.startswith("__")}
    )
    fake_os.fdopen = lambda fd, *args, **kwargs: _FillsUp(real_os.fdopen(fd, *args, **kwargs))
    monkeypatch.setattr(filesystem, "os", fake_os)


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


@pytest.fixture
def review(db):
    return Review.objects.create(kind="cspr", title="Child M", decision_on=date(2026, 1, 5))


def test_an_upload_to_a_full_store_is_refused_in_plain_english_and_leaves_nothing(
    client, sign_in, chair, review, disk_fills_up
):
    sign_in(client, chair)
    upload = SimpleUploadedFile("terms.pdf", CONTENT, content_type="application/pdf")

    response = client.post(
        f"/reviews/{review.pk}/documents/upload/", {"kind": "final_report", "file": upload}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in html
    assert FULL in html
    assert "Tell your administrator." in html
    assert ReviewDocument.objects.count() == 0
    assert every_file() == []


def test_a_store_that_fills_up_when_the_file_is_flushed_to_disk_leaves_nothing(chair, review, monkeypatch):
    """Some filesystems report a full disk only when the data is flushed (fsync), after every
    write has seemingly succeeded."""

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)

    with pytest.raises(ValidationError) as refused:
        documents.document_upload(
            actor=chair, review=review, kind="final_report", upload=SimpleUploadedFile("terms.pdf", CONTENT)
        )

    assert FULL in " ".join(refused.value.message_dict["file"])
    assert ReviewDocument.objects.count() == 0
    assert every_file() == []


def test_a_document_is_stored_whole_under_its_own_name_and_nothing_else(chair, review):
    document = documents.document_upload(
        actor=chair, review=review, kind="final_report", upload=SimpleUploadedFile("terms.pdf", CONTENT)
    )

    [path] = every_file()
    assert path.read_bytes() == CONTENT
    assert path == Path(django_settings.CRAG_PRIVATE_ROOT) / str(document.file.name)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
