"""A review's documents: upload checked by content into private storage, deletion, and the
pre-publication check of the final report for a child's legal name or date of birth (issue 6).

What a file is comes from its first bytes and structure, never from its name or the type the
browser claims: a renamed executable is refused, and the name's extension must agree with the
content so that whoever downloads it opens it with the right program.
"""

import hashlib
import logging
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction

from crag import permissions
from crag.models import User
from crag.wording import possessive
from reviews.casework import document_text
from reviews.choices import DocumentKind, ReviewStatus
from reviews.models import Review, ReviewDocument
from reviews.storage import store_is_full

logger = logging.getLogger(__name__)

NOT_A_DOCUMENT = (
    "The file must be a PDF, Word (.docx), OpenDocument text (.odt) or plain text (.txt) document"
)
DAMAGED = document_text.DAMAGED
NAME_MAX = 200  # ReviewDocument.original_name


@dataclass(frozen=True)
class FileType:
    """A type of document we accept: its extension, what we serve it as, and how we name it."""

    extension: str
    content_type: str
    label: str


PDF = FileType(".pdf", "application/pdf", "a PDF")
DOCX = FileType(
    ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a Word document"
)
ODT = FileType(".odt", "application/vnd.oasis.opendocument.text", "an OpenDocument text document")
TEXT = FileType(".txt", "text/plain; charset=utf-8", "a plain text file")


STORE_FULL_MESSAGE = (
    "The document could not be saved because the document store is full. Nothing was saved. "
    "Tell your administrator."
)


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _too_big(limit: int) -> ValidationError:
    megabytes = limit / (1024 * 1024)
    size = f"{megabytes:g} MB" if megabytes >= 1 else f"{-(-limit // 1024)} KB"
    return _refuse(f"The file must be smaller than {size}")


# --- Reading the upload ------------------------------------------------------------------------


def _stream(upload: "UploadedFile[bytes]") -> IO[bytes]:
    """The upload's underlying file, rewound (a temporary file for large uploads)."""
    upload.seek(0)
    return upload.file  # type: ignore[return-value]


def _measure(upload: "UploadedFile[bytes]", limit: int) -> tuple[int, str]:
    """Size and SHA-256 of the upload, read a chunk at a time; refuses it once past the limit."""
    digest = hashlib.sha256()
    size = 0
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limit:
            raise _too_big(limit)
        digest.update(chunk)
    return size, digest.hexdigest()


def _head(upload: "UploadedFile[bytes]", length: int = 8) -> bytes:
    return _stream(upload).read(length)


def _clean_name(name: str) -> str:
    """The user's file name without folders or control characters, short enough to store."""
    name = os.path.basename(name.replace("\\", "/"))
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip() or "document"
    if len(name) > NAME_MAX:
        stem, extension = os.path.splitext(name)
        name = stem[: NAME_MAX - len(extension)] + extension
    return name


# --- What the file is ----------------------------------------------------------------------------


def _zip_type(upload: "UploadedFile[bytes]") -> FileType | None:
    """A Word or OpenDocument text file, told apart by the parts inside; any other ZIP is None."""
    try:
        with zipfile.ZipFile(_stream(upload)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                if any(n.lower().endswith("vbaproject.bin") for n in names):
                    raise _refuse("Word documents with macros cannot be uploaded: save it as .docx or PDF")
                return DOCX
            if "mimetype" in names and "content.xml" in names:
                info = archive.getinfo("mimetype")
                if info.file_size < 100 and archive.read(info).strip() == ODT.content_type.encode():
                    return ODT
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        raise _refuse(DAMAGED) from None
    return None


def _sniff(upload: "UploadedFile[bytes]", extension: str) -> FileType:
    """What the content is. A PDF starts with %PDF-; Word and OpenDocument files are ZIPs; plain
    text is accepted only under a .txt name, as UTF-8 without control characters."""
    head = _head(upload)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        found = _zip_type(upload)
        if found:
            return found
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse("Old Word (.doc) files cannot be uploaded: save it as .docx or PDF")
    elif extension == TEXT.extension:
        try:
            for _ in document_text.text_chunks(upload.chunks()):
                pass
        except (UnicodeDecodeError, ValueError):
            pass
        else:
            return TEXT
    raise _refuse(NOT_A_DOCUMENT)


# --- The text inside (read within the caps of reviews.casework.document_text) ---------------------------


def _extract_text(upload: "UploadedFile[bytes]", kind: FileType) -> str:
    """The document's text for the pre-publication check. A file that the checks above took for a
    document but that cannot be read is refused as damaged."""
    try:
        if kind == PDF:
            text = document_text.pdf_text(_stream(upload))
        elif kind == TEXT:
            text = document_text.plain_text(upload.chunks())
        else:
            text = document_text.zip_text(_stream(upload), docx=kind == DOCX)
    except ValidationError:
        raise
    except Exception:
        # pypdf, zipfile and the XML parser raise many kinds of error on a malformed file (and
        # RecursionError or MemoryError on a hostile one); each means the same to the user.
        logger.info("Refused a damaged %s upload", kind.extension, exc_info=True)
        raise _refuse(DAMAGED) from None
    # PostgreSQL text cannot hold NUL characters.
    return text.replace("\x00", "")


# --- Services ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the content check: its cleaned name, what it is, its size and hash."""

    name: str
    file_type: FileType
    size: int
    sha256: str


def check_upload(upload: "UploadedFile[bytes]") -> CheckedUpload:
    """The one content check of every uploaded document (a review's, an agency's return's): size
    within CRAG_MAX_DOCUMENT_BYTES, not empty, a document by its content, and a name whose
    extension agrees with what it is. Refusals are ValidationErrors on `file`."""
    limit = int(settings.CRAG_MAX_DOCUMENT_BYTES)
    if upload.size is not None and upload.size > limit:
        raise _too_big(limit)
    if not upload.size:
        raise _refuse("The selected file is empty")
    name = _clean_name(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    size, sha256 = _measure(upload, limit)
    found = _sniff(upload, extension)
    if extension != found.extension:
        raise _refuse(
            f"The file is {found.label} but its name does not end in {found.extension}: "
            f"rename it to end in {found.extension} and upload it again"
        )
    return CheckedUpload(name=name, file_type=found, size=size, sha256=sha256)


def store_upload(document: models.Model, upload: "UploadedFile[bytes]", *, name: str, where: str) -> None:
    """Write the checked upload to the document's private `file` and save the row; a full store
    is refused in plain words with nothing kept, and a row that fails to save takes its file with
    it. `where` says in the log whose upload it was (never the file's name: it may name a child)."""
    field = document.file  # type: ignore[attr-defined]
    try:
        field.save(name, upload, save=False)  # chunks() rewinds it
    except OSError as error:
        if not store_is_full(error):
            raise
        # The storage has removed what it wrote (reviews.storage); no row has been written.
        logger.error("Document store full: an upload to %s was refused (%s)", where, error)
        raise _refuse(STORE_FULL_MESSAGE) from None
    stored = field.name
    try:
        document.save()
    except Exception:
        if stored:
            field.storage.delete(stored)
        raise


@transaction.atomic
def document_upload(
    *, actor: User, review: Review, kind: str, upload: "UploadedFile[bytes]"
) -> ReviewDocument:
    """Keep a document of the review in private storage under a random name, after checking its
    size and what it is by its content; its text is kept for the pre-publication check."""
    permissions.require(permissions.can_edit_review_record(actor, review))
    checked = check_upload(upload)
    text = _extract_text(upload, checked.file_type)
    document = ReviewDocument(
        review=review,
        kind=kind,
        original_name=checked.name,
        content_type=checked.file_type.content_type,
        size=checked.size,
        sha256=checked.sha256,
        text=text,
        uploaded_by=actor,
    )
    document.full_clean(exclude=["file"])
    store_upload(document, upload, name=checked.name, where=f"review {review.pk}")
    return document


@transaction.atomic
def document_delete(*, actor: User, document: ReviewDocument) -> None:
    """Remove a document and its file (CRAG only); the file goes once the row's removal commits."""
    permissions.require(permissions.can_do_crag_work(actor))
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- Pre-publication check -----------------------------------------------------------------------

_MONTHS = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)


def _name_patterns(legal_name: str) -> list[re.Pattern[str]]:
    """The legal name in full, first and last name when there is a middle name, and "Last, First"
    as agency records write it; any whitespace between the words, any case."""
    words = unicodedata.normalize("NFKC", legal_name).replace("\u2019", "'").split()
    if not words:
        return []

    def phrase(parts: list[str], joiner: str = r"\s+") -> re.Pattern[str]:
        escaped = [re.escape(w).replace("'", "['\u2019]") for w in parts]
        return re.compile(r"(?<!\w)" + joiner.join(escaped) + r"(?!\w)", re.IGNORECASE)

    patterns = [phrase(words)]
    if len(words) > 2:
        patterns.append(phrase([words[0], words[-1]]))
    if len(words) > 1:
        patterns.append(phrase([words[-1], words[0]], r"\s*,\s*"))
    return patterns


def _date_patterns(born: date) -> list[re.Pattern[str]]:
    """The date in the ways a UK report writes it: 3 March 2015, 3rd March 2015, 3 Mar 2015,
    March 3, 2015, 03/03/2015, 3/3/2015, 3.3.2015, 03-03-15, 2015-03-03."""
    day = rf"0?{born.day}" if born.day < 10 else str(born.day)
    month = rf"0?{born.month}" if born.month < 10 else str(born.month)
    month_name = r"(?:" + "|".join(_MONTHS[born.month - 1]) + r")\.?(?![a-z])"
    ordinal = r"(?:st|nd|rd|th)?"
    gap = r"[\s,./-]*"
    sep = r"\s*[/.-]\s*"
    year, short_year = str(born.year), f"{born.year % 100:02d}"
    forms = [
        rf"(?<!\d){day}{ordinal}{gap}(?:of\s+)?{month_name}{gap}{year}(?!\d)",
        rf"(?<![a-z]){month_name}{gap}{day}{ordinal}{gap}{year}(?!\d)",
        rf"(?<!\d){day}{sep}{month}{sep}(?:{year}|{short_year})(?![\d])",
        rf"(?<!\d){year}{sep}{month}{sep}{day}(?!\d)",
    ]
    return [re.compile(f, re.IGNORECASE) for f in forms]


def _final_report(review: Review) -> ReviewDocument | None:
    return (
        ReviewDocument.objects.filter(review=review, kind=DocumentKind.FINAL_REPORT)
        .order_by("-uploaded_at", "-id")
        .first()
    )


def prepublication_check(review: Review) -> list[str]:
    """Warnings when the most recent final report holds a child's legal name or date of birth.
    A warning names the child by pseudonym only: it is shown to people who may not see identity."""
    report = _final_report(review)
    if report is None:
        return ["There is no final report to check: upload the final report before publication."]
    text = unicodedata.normalize("NFKC", report.text)
    if not text.strip():
        return [
            "The final report has no text that can be checked (it may be a scanned image): "
            "check it by hand for children's names and dates of birth."
        ]
    warnings = []
    for child in review.children.all():
        if any(p.search(text) for p in _name_patterns(child.legal_name)):
            warnings.append(f"The final report names {child.pseudonym} by their legal name.")
        if child.date_of_birth and any(p.search(text) for p in _date_patterns(child.date_of_birth)):
            warnings.append(f"The final report contains {possessive(child.pseudonym)} date of birth.")
    return warnings


def publication_in_view(review: Review) -> bool:
    """Whether the pre-publication check is worth showing: a final report exists or publication
    is planned or done."""
    return bool(
        review.planned_publication_on
        or review.published_on
        or review.status in (ReviewStatus.SIGNED_OFF, ReviewStatus.PUBLISHED)
        or _final_report(review)
    )
