"""Access-matrix rows for the documents pages (merged into test_access_matrix.MATRIX).

In the matrix the Independent reviewer is not assigned to the review and the review is not
published, so only the CRAG roles see its documents; everyone else is answered 404.
"""

from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from crag import roles

Builder = Callable[[dict[str, object]], str]
ANON = "anonymous"
CRAG_ROLES = (roles.PARTNERSHIP_ADMIN, roles.CRAG_CHAIR, roles.CRAG_MEMBER)
CRAG_ONLY = {ANON: 302} | {role: 200 if role in CRAG_ROLES else 404 for role in roles.ALL_ROLES}

MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {
    "reviews/<int:pk>/documents/upload/": (
        lambda f: f"/reviews/{f['reviews.review']}/documents/upload/",
        CRAG_ONLY,
    ),
    "documents/<int:pk>/": (lambda f: f"/documents/{f['document']}/", CRAG_ONLY),
    "documents/<int:pk>/delete/": (lambda f: f"/documents/{f['document']}/delete/", CRAG_ONLY),  # GET asks
}


def _literal(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def pdf_with_text(*lines: str) -> bytes:
    """A small valid PDF whose one page shows the lines in Helvetica (ASCII text only)."""
    text = " ".join(f"{_literal(line)} Tj 0 -16 Td" for line in lines)
    content = f"BT /F1 12 Tf 72 760 Td {text} ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def add_objects(found: dict[str, object], chair: Any, review: Any) -> None:
    """Create what the rows above need and put their primary keys in `found`."""
    from reviews.casework import documents

    upload = SimpleUploadedFile(
        "terms.pdf", pdf_with_text("Terms of reference"), content_type="application/pdf"
    )
    document = documents.document_upload(actor=chair, review=review, kind="terms_of_reference", upload=upload)
    found["reviews.reviewdocument"] = document.pk
    found["document"] = document.pk
