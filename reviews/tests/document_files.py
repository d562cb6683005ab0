"""What the review-document tests share: documents made in memory (Word, OpenDocument), a chair
and a review, uploading through the service, and what is stored.
"""

import io
import zipfile
from datetime import date
from pathlib import Path
from typing import cast

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from crag import roles
from crag.tests.matrix_documents import pdf_with_text
from reviews.casework import documents
from reviews.models import Child, Review, ReviewDocument

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes(*paragraphs: list[str], header: str = "", macros: bool = False) -> bytes:
    """A minimal Word document: each paragraph is a list of runs."""
    body = "".join(
        "<w:p>" + "".join(f'<w:r><w:t xml:space="preserve">{run}</w:t></w:r>' for run in runs) + "</w:p>"
        for runs in paragraphs
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(
            "word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
        )
        if header:
            archive.writestr(
                "word/header1.xml", f'<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>{header}</w:t></w:r></w:p></w:hdr>'
            )
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00" * 64)
    return buffer.getvalue()


def odt_bytes(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED
        )
        archive.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
            f"<text:p>{text}</text:p></office:text></office:body></office:document-content>",
        )
    return buffer.getvalue()


def stored_files() -> list[Path]:
    root = Path(django_settings.CRAG_PRIVATE_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


@pytest.fixture
def review(db):
    review = Review.objects.create(kind="cspr", title="Child M", decision_on=date(2026, 1, 5))
    child = Child.objects.create(
        pseudonym="Child M", legal_name="Jane Amelia Smith", date_of_birth=date(2015, 3, 3)
    )
    review.children.add(child)
    return review


def upload(chair, review, name, content, kind="terms_of_reference", content_type="application/octet-stream"):
    return documents.document_upload(
        actor=chair,
        review=review,
        kind=kind,
        upload=SimpleUploadedFile(name, content, content_type=content_type),
    )


def refusal(chair, review, name, content) -> str:
    with pytest.raises(ValidationError) as refused:
        upload(chair, review, name, content)
    return " ".join(refused.value.message_dict["file"])


@pytest.fixture
def document(chair, review):
    return upload(chair, review, "Final report (v2).pdf", pdf_with_text("Final"), kind="final_report")


def final_report(chair, review, text: str) -> ReviewDocument:
    return cast(ReviewDocument, upload(chair, review, "final.txt", text.encode(), kind="final_report"))
