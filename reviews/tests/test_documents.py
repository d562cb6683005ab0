"""A review's documents are checked by content on upload and kept privately; the demo's are real.
Who may download and delete them is in test_documents_access.py, the pre-publication check of the
final report in test_documents_prepublication.py."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from crag import roles
from crag.tests.matrix_documents import pdf_with_text
from reviews.casework import documents
from reviews.models import ReviewDocument
from reviews.tests.document_files import (
    chair,
    document,
    docx_bytes,
    odt_bytes,
    refusal,
    review,
    stored_files,
    upload,
)

__all__ = ["chair", "document", "review"]  # fixtures


# --- Upload, checked by content ------------------------------------------------------------------


def test_a_real_pdf_is_kept_privately_under_a_random_name_with_its_size_checksum_and_text(chair, review):
    content = pdf_with_text("Terms of reference for the review of Child M")

    document = upload(chair, review, "Terms for Jane.pdf", content, content_type="text/html")

    assert document.content_type == "application/pdf"  # from the content, not what the browser said
    assert document.original_name == "Terms for Jane.pdf"
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert "Terms of reference for the review of Child M" in document.text
    [path] = stored_files()
    assert path.read_bytes() == content
    assert "Jane" not in str(path)
    assert not path.name.endswith(".pdf")
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_the_stored_file_is_under_neither_static_nor_media_and_has_no_url(chair, review):
    document = upload(chair, review, "terms.pdf", pdf_with_text("Terms"))
    [path] = stored_files()
    for public in (
        django_settings.STATIC_ROOT,
        django_settings.MEDIA_ROOT,
        *django_settings.STATICFILES_DIRS,
    ):
        if public:
            assert not path.resolve().is_relative_to(Path(public).resolve())
    with pytest.raises(ValueError, match="no public URL"):
        document.file.url  # noqa: B018
    with pytest.raises(ValueError, match="no public URL"):
        document.file.storage.url(document.file.name)


def test_a_word_document_is_accepted_and_its_text_joined_across_runs_and_headers(chair, review):
    content = docx_bytes(
        ["Report on Child M. ", "Jane", " Smith"], ["Second paragraph"], header="Header text"
    )

    document = upload(chair, review, "draft.DOCX", content, kind="draft")

    assert document.content_type == documents.DOCX.content_type
    assert "Report on Child M. Jane Smith\nSecond paragraph" in document.text
    assert "Header text" in document.text


def test_an_opendocument_text_and_a_plain_text_file_are_accepted(chair, review):
    odt = upload(chair, review, "minutes.odt", odt_bytes("Minutes of the panel"), kind="minutes")
    txt = upload(chair, review, "notes.txt", "Notes £ café\n".encode(), kind="other")

    assert (odt.content_type, odt.text.strip()) == (documents.ODT.content_type, "Minutes of the panel")
    assert (txt.content_type, txt.text) == ("text/plain; charset=utf-8", "Notes £ café\n")


def test_a_10_mb_executable_renamed_pdf_is_refused_and_nothing_is_stored(client, make_user, sign_in, review):
    sign_in(client, make_user(roles.CRAG_MEMBER))
    executable = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * (10 * 1024 * 1024)
    fake = SimpleUploadedFile("final-report.pdf", executable, content_type="application/pdf")

    response = client.post(f"/reviews/{review.pk}/documents/upload/", {"kind": "final_report", "file": fake})

    assert response.status_code == 200
    assert "The file must be a PDF, Word (.docx), OpenDocument text (.odt)" in response.content.decode()
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert ReviewDocument.objects.count() == 0
    assert stored_files() == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 2000),  # a Linux executable
        ("report.pdf", b"Plain text under a PDF name"),
        ("archive.docx", None),  # a ZIP that is not a document
        ("report.txt", b"\x00\x01binary\xff\xfe"),  # not UTF-8 text
        ("page.html", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_anything_but_a_document_is_refused_whatever_its_name(chair, review, name, content):
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("setup.exe", b"MZ")
        content = buffer.getvalue()

    message = refusal(chair, review, name, content)

    assert message == documents.NOT_A_DOCUMENT
    assert ReviewDocument.objects.count() == 0
    assert stored_files() == []


def test_a_docx_name_on_pdf_content_is_refused_with_how_to_put_it_right(chair, review):
    message = refusal(chair, review, "report.docx", pdf_with_text("A PDF"))
    assert message == (
        "The file is a PDF but its name does not end in .pdf: rename it to end in .pdf and upload it again"
    )
    assert refusal(chair, review, "report.pdf", docx_bytes(["A Word document"])).startswith(
        "The file is a Word document but its name does not end in .docx"
    )
    assert ReviewDocument.objects.count() == 0
    assert stored_files() == []


def test_a_damaged_pdf_and_a_word_file_with_macros_are_refused(chair, review):
    assert refusal(chair, review, "report.pdf", b"%PDF-1.7\n" + b"\x8f garbage " * 100).startswith(
        "The file is damaged"
    )
    assert refusal(chair, review, "report.docx", docx_bytes(["Hi"], macros=True)).startswith(
        "Word documents with macros cannot be uploaded"
    )
    assert ReviewDocument.objects.count() == 0
    assert stored_files() == []


def test_a_file_over_the_limit_is_refused_before_it_is_stored(settings, chair, review):
    settings.CRAG_MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
    big = pdf_with_text("Big") + b"%" + b" " * (2 * 1024 * 1024)

    assert refusal(chair, review, "big.pdf", big) == "The file must be smaller than 2 MB"
    assert refusal(chair, review, "empty.pdf", b"") == "The selected file is empty"
    assert stored_files() == []


def test_only_crag_and_the_reviews_own_reviewer_may_upload(make_user, review):
    reviewer = make_user(roles.INDEPENDENT_REVIEWER)
    review.reviewer = reviewer
    review.save()

    assert upload(reviewer, review, "draft.pdf", pdf_with_text("Draft"), kind="draft").uploaded_by == reviewer
    for role in (roles.BUSINESS_GROUP, roles.INDEPENDENT_REVIEWER, roles.BOARD_MEMBER):
        with pytest.raises(PermissionDenied):
            upload(make_user(role), review, "draft.pdf", pdf_with_text("Draft"))


def test_the_upload_page_takes_a_file_and_goes_back_to_the_review(client, make_user, sign_in, review):
    sign_in(client, make_user(roles.CRAG_MEMBER))
    url = f"/reviews/{review.pk}/documents/upload/"

    page = client.get(url).content.decode()
    missing = client.post(url, {"kind": "draft"}).content.decode()
    done = client.post(
        url, {"kind": "draft", "file": SimpleUploadedFile("draft.pdf", pdf_with_text("Draft"))}
    )

    assert 'enctype="multipart/form-data"' in page
    assert 'class="govuk-file-upload"' in page
    assert "Select a file to upload" in missing
    assert done.status_code == 302
    assert done["Location"] == f"/reviews/{review.pk}/#documents"
    assert ReviewDocument.objects.get().kind == "draft"


# --- Demo data -----------------------------------------------------------------------------------


def test_the_demo_terms_of_reference_are_a_real_pdf_made_once(db, settings, themes):
    from django.utils import timezone

    from demo import documents as demo_documents
    from demo import people as demo
    from demo import records as reviews_demo

    settings.DEMO_PASSWORD = "a-demo-password-for-tests"
    assert demo_documents.seed() == 0  # no demo review yet
    demo.seed(password=settings.DEMO_PASSWORD, reset_passwords=False)
    reviews_demo.seed(today=timezone.localdate())  # which attaches the terms of reference

    assert demo_documents.seed() == 0
    document = ReviewDocument.objects.get(kind="terms_of_reference")
    assert document.kind == "terms_of_reference"
    assert document.content_type == "application/pdf"
    assert "Terms of reference" in document.text
    assert "fictional" in document.text.lower()
