"""check_documents and /healthz's "documents" check: a store that lost or changed files is noticed."""

import hashlib
import os

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from crag import health
from reviews.casework import integrity
from reviews.tests.factories import AnnualReportRenderFactory, ReviewDocumentFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7 the annual report"


def _render():
    return AnnualReportRenderFactory(
        file=ContentFile(PDF, name="report.pdf"), sha256=hashlib.sha256(PDF).hexdigest(), size=len(PDF)
    )


def test_check_documents_passes_when_every_file_matches_its_checksum(capsys):
    ReviewDocumentFactory.create_batch(2)
    _render()

    call_command("check_documents")

    assert "All 3 document files are present and match their checksums." in capsys.readouterr().out


def test_check_documents_lists_missing_and_altered_files_and_fails():
    missing, altered, _fine = ReviewDocumentFactory.create_batch(3)
    render = _render()
    os.remove(missing.file.path)
    with open(altered.file.path, "ab") as file:
        file.write(b"one more line")
    os.remove(render.file.path)

    with pytest.raises(CommandError, match="3 of 4 document files are missing or altered") as raised:
        call_command("check_documents")

    problems = {(p.kind, p.file.record) for p in integrity.document_problems()}
    assert problems == {
        ("missing", f"review document {missing.pk}"),
        ("altered", f"review document {altered.pk}"),
        ("missing", f"annual report PDF {render.pk}"),
    }
    assert raised.value.returncode == 1


def test_check_documents_prints_each_problem_with_its_record_and_file(capsys):
    document = ReviewDocumentFactory()
    os.remove(document.file.path)

    with pytest.raises(CommandError):
        call_command("check_documents")

    assert f"missing: review document {document.pk} ({document.file.name})" in capsys.readouterr().out


def test_an_annual_report_render_without_a_file_yet_is_not_a_missing_document():
    AnnualReportRenderFactory()  # queued: no PDF yet

    assert list(integrity.document_problems()) == []


def test_healthz_documents_check_counts_missing_files_without_naming_them():
    _kept, lost = ReviewDocumentFactory.create_batch(2)
    os.remove(lost.file.path)

    assert "documents" in health.registered_names()
    assert health.run_registered()["documents"] == {"ok": False, "checked": 2, "missing": 1}


def test_healthz_documents_check_is_ok_when_every_file_is_there():
    ReviewDocumentFactory()

    assert integrity.documents_health() == {"ok": True, "checked": 1, "missing": 0}


def test_healthz_documents_check_looks_only_at_the_newest_files(settings):
    settings.CRAG_HEALTH_DOCUMENTS_CHECKED = 1
    oldest, _newest = ReviewDocumentFactory.create_batch(2)
    os.remove(oldest.file.path)

    assert integrity.documents_health() == {"ok": True, "checked": 1, "missing": 0}
