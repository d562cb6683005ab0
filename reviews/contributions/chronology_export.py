"""The merged chronology as a download: a Word document (the format reviewers and the Panel work
in), a CSV file or an Excel workbook, with the rows the page's filters select, in its order."""

import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, time

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone

from crag import tables
from reviews.choices import DatePrecision
from reviews.models import ChronologyEntry

FORMATS = ("docx", "csv", "xlsx")
HEADER = ("Date", "Time", "Agency", "Source", "What happened", "Significance", "Key practice episode")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def describe_date(occurred_on: date, precision: str) -> str:
    """The date as precisely as it is known: "3 March 2024", "March 2024", "about 3 March 2024"."""
    if precision == DatePrecision.MONTH:
        return f"{occurred_on:%B %Y}"
    exact = f"{occurred_on.day} {occurred_on:%B %Y}"
    return f"about {exact}" if precision == DatePrecision.APPROXIMATE else exact


def describe_time(occurred_at: time | None) -> str:
    return f"{occurred_at:%H:%M}" if occurred_at else ""


def row(entry: ChronologyEntry) -> list[str]:
    """One entry as the export's cells, in HEADER's order."""
    return [
        describe_date(entry.occurred_on, entry.precision),
        describe_time(entry.occurred_at),
        entry.request.agency.name,
        entry.source,
        entry.what_happened,
        entry.significance,
        "Yes" if entry.key_practice_episode else "",
    ]


def rows(entries: Iterable[ChronologyEntry]) -> Iterator[list[str]]:
    return (row(entry) for entry in entries)


def filename(case_name: str, extension: str) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in case_name).strip("-").lower() or "case"
    return f"chronology-{safe}.{extension}"


def response(
    kind: str, *, title: str, case_name: str, subtitle: str, entries: Sequence[ChronologyEntry]
) -> HttpResponseBase:
    """The download in the format asked for (one of FORMATS)."""
    if kind == "csv":
        return tables.csv_response(filename(case_name, "csv"), HEADER, rows(entries))
    if kind == "xlsx":
        return tables.xlsx_response(filename(case_name, "xlsx"), "Chronology", HEADER, rows(entries))
    download = HttpResponse(word_document(title, subtitle, entries), content_type=DOCX_TYPE)
    download["Content-Disposition"] = f'attachment; filename="{filename(case_name, "docx")}"'
    return download


def word_document(title: str, subtitle: str, entries: Sequence[ChronologyEntry]) -> bytes:
    """A landscape Word document: the title, what it holds, and one table row per entry."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(9)
    document.add_heading(title, level=1)
    generated = timezone.localtime().strftime("%-d %B %Y at %H:%M")
    document.add_paragraph(f"{subtitle} Produced by CRAG on {generated}. OFFICIAL-SENSITIVE.")
    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = heading
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows(entries):
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
