"""The text inside an uploaded document, for the pre-publication check (reviews.casework.documents).

Reading is done within a budget, because a small file can unpack to an enormous one: a 1.2 MB
Word file of twenty 60 MB parts once took 24 s and 1.9 GB (issue 12). What is unpacked is counted
as it is read, across all the parts of the file, and reading stops at the first byte over the
limit; so is the text kept. XML parts are parsed as a stream, so no tree of the whole part is
ever built. A file over either limit is refused, not cut short: a check that read only the start
of a report could miss a child's name in the rest.
"""

import codecs
import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any
from xml.parsers import expat

from django.core.exceptions import ValidationError

# Enough for any real report's text (a 300-page report has about a million characters).
MAX_TEXT_CHARS = 5_000_000
# The XML of a Word or OpenDocument file, all its text parts together: a 300-page report with heavy
# formatting has about 20 MB. Parsing a stream costs about a second for 64 MB.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
# Elements of those parts: each costs a call into Python, so millions of empty ones would take
# minutes while staying under the byte cap. A long report has a few hundred thousand.
MAX_XML_ELEMENTS = 2_000_000
# The page contents of a PDF, all pages together. pypdf reads them at about 0.2 to 1 MB a second,
# so this is kept lower; a 300-page report has a few MB. Each page counts as at least PAGE_COST,
# which bounds the number of pages read as well (about 4,000).
MAX_PDF_CONTENT_BYTES = 16 * 1024 * 1024
PAGE_COST = 4096
CHUNK = 64 * 1024

DAMAGED = "The file is damaged and cannot be read: save it again and upload the new copy"
TOO_MUCH_TEXT = (
    f"The document has more than {MAX_TEXT_CHARS:,} characters of text, more than CRAG can check "
    "for children's names: split it into smaller documents and upload each of them"
)


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _too_big_unpacked(limit: int) -> ValidationError:
    return _refuse(
        f"The file unpacks to more than {limit // (1024 * 1024)} MB, far more than a report needs, so "
        "it cannot be checked: it may be damaged. Save it again, or split it into smaller documents, "
        "and upload the new copy"
    )


class _Budget:
    """The text read so far and what unpacking it has cost, refused at the first step over."""

    def __init__(self, unpacked_limit: int) -> None:
        self.unpacked_limit = unpacked_limit
        self.unpacked = 0
        self.elements = 0
        self.chars = 0
        self.out = io.StringIO()

    def unpack(self, size: int) -> None:
        self.unpacked += size
        if self.unpacked > self.unpacked_limit:
            raise _too_big_unpacked(self.unpacked_limit)

    def element(self) -> None:
        self.elements += 1
        if self.elements > MAX_XML_ELEMENTS:
            raise _too_big_unpacked(self.unpacked_limit)

    def write(self, text: str) -> None:
        self.chars += len(text)
        if self.chars > MAX_TEXT_CHARS:
            raise _refuse(TOO_MUCH_TEXT)
        self.out.write(text)

    def text(self) -> str:
        return self.out.getvalue()


# --- Plain text ----------------------------------------------------------------------------------


# Unicode's control characters (category Cc) but tab, line feed, form feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def text_chunks(chunks: Iterator[bytes]) -> Iterator[str]:
    """The chunks decoded as UTF-8 one at a time; ValueError when it is not plain text."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    for chunk in chunks:
        text = decoder.decode(chunk)
        if _CONTROL.search(text):
            raise ValueError("control characters: not plain text")
        yield text
    yield decoder.decode(b"", final=True)


def plain_text(chunks: Iterator[bytes]) -> str:
    budget = _Budget(MAX_UNPACKED_BYTES)
    for text in text_chunks(chunks):
        budget.write(text)
    return budget.text()


# --- Word and OpenDocument -----------------------------------------------------------------------

# Elements after which a line ends, and elements that stand for a space (Word and OpenDocument).
_LINE_ENDS = frozenset({"p", "h", "br", "cr", "line-break", "tr", "list-item"})
_SPACES = frozenset({"tab", "s"})


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _refuse_dtd(*_: Any) -> None:
    # Word and OpenDocument parts never declare a DTD; one can only be there to expand entities.
    raise _refuse(DAMAGED)


def _xml_text(part: IO[bytes], budget: _Budget, *, line_per_element: bool) -> None:
    """The text of an XML part, in document order, with paragraphs on their own lines, parsed a
    chunk at a time: memory does not grow with the part, nor the stack with its nesting."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True

    def start(name: str, _attributes: object) -> None:
        budget.element()
        if _local(name) in _SPACES:
            budget.write(" ")

    def end(name: str) -> None:
        if line_per_element or _local(name) in _LINE_ENDS:
            budget.write("\n")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = budget.write
    parser.StartDoctypeDeclHandler = _refuse_dtd
    while chunk := part.read(CHUNK):
        budget.unpack(len(chunk))
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _zip_parts(names: list[str], docx: bool) -> list[tuple[str, bool]]:
    """The parts holding text, and whether each is metadata (one value per line). Headers,
    footers, notes, comments and the title in the file's properties can name a child too."""
    if docx:
        pattern = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
        parts = [(n, False) for n in names if pattern.fullmatch(n)]
        metadata = ["docProps/core.xml", "docProps/app.xml"]
    else:
        parts = [(n, False) for n in ("content.xml", "styles.xml") if n in names]
        metadata = ["meta.xml"]
    return parts + [(n, True) for n in metadata if n in names]


def zip_text(stream: IO[bytes], *, docx: bool) -> str:
    """The text of a Word (docx) or OpenDocument text file. Each part is unpacked as it is parsed;
    what the archive says of its sizes is not trusted, what is read is counted."""
    budget = _Budget(MAX_UNPACKED_BYTES)
    with zipfile.ZipFile(stream) as archive:
        for name, is_metadata in _zip_parts(archive.namelist(), docx):
            with archive.open(name) as part:
                _xml_text(part, budget, line_per_element=is_metadata)
            budget.write("\n")
    return budget.text()


# --- PDF -----------------------------------------------------------------------------------------


def pdf_text(stream: IO[bytes]) -> str:
    """The text of a PDF's metadata and pages. Every page's contents are unpacked and counted
    before any text is extracted, so a file over the limit is refused before the slow part."""
    from pypdf import PdfReader, apply_configuration

    # No single stream may unpack to more than the whole budget (pypdf's own limit is 75 MB).
    with apply_configuration(
        zlib_maximum_output_length=MAX_PDF_CONTENT_BYTES,
        lzw_maximum_output_length=MAX_PDF_CONTENT_BYTES,
        run_length_maximum_output_length=MAX_PDF_CONTENT_BYTES,
        array_based_stream_maximum_output_length=MAX_PDF_CONTENT_BYTES,
        brotli_maximum_output_length=MAX_PDF_CONTENT_BYTES,
    ):
        reader = PdfReader(stream)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _refuse("The PDF is protected by a password: upload a copy without one")
        if len(reader.pages) == 0:
            raise _refuse(DAMAGED)
        budget = _Budget(MAX_PDF_CONTENT_BYTES)
        for page in reader.pages:
            contents = page.get_contents()
            budget.unpack(max(PAGE_COST, len(contents.get_data()) if contents is not None else 0))
        metadata = reader.metadata
        if metadata:
            for value in (metadata.title, metadata.subject, metadata.author):
                if value:
                    budget.write(f"{value}\n")
        for page in reader.pages:
            budget.write((page.extract_text() or "") + "\n")
    return budget.text()
