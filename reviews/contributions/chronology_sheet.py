"""An agency's chronology as a spreadsheet: the template it downloads, and the reading of the
workbook it uploads back (docs/chronology.md says the same in words for the agencies).

Reading is pure: it checks the file is a real XLSX workbook within the limits, then turns each row
into values or names what is wrong with it by row number and column heading. Writing the rows is
the service's job (chronology.chronology_upload), all or nothing.
"""

import hashlib
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import IO, Any

from django.core.exceptions import ValidationError

from reviews import validation
from reviews.choices import DatePrecision

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED = 50 * 1024 * 1024  # a small file that unpacks to gigabytes is refused unread
MAX_ROWS = 2000
SHEET = "Chronology"
NOT_XLSX = "The file must be an Excel workbook (.xlsx). Save it from Excel as 'Excel Workbook' and try again."
DAMAGED = "The workbook could not be read. It may be damaged: open it in Excel, save it again and try again."


@dataclass(frozen=True)
class Column:
    heading: str
    required: bool
    width: int
    note: str


COLUMNS = (
    Column("Date", True, 14, "The day it happened, for example 03/03/2024. Not in the future."),
    Column(
        "Precision",
        False,
        14,
        "exact, month or approximate. Blank means exact. For month, give any day of the month.",
    ),
    Column("Time", False, 10, "24-hour clock, for example 14:30. Leave blank if not known."),
    Column("Source", True, 30, "The record, system or document it comes from."),
    Column("What happened", True, 60, "What happened, who was involved and what was done."),
    Column("Significance", False, 60, "Your agency's view of why it matters. Optional."),
    Column(
        "Key practice episode",
        False,
        12,
        "Yes if your agency sees it as a key practice episode; blank or No if not.",
    ),
)
HEADINGS = tuple(c.heading for c in COLUMNS)
# Columns a spreadsheet may leave out (templates downloaded before the column was added).
OPTIONAL_HEADINGS = ("Key practice episode",)
YES_NO = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}
PRECISIONS = {p.value: p.value for p in DatePrecision} | {p.label.lower(): p.value for p in DatePrecision}
DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")
MONTH_FORMATS = ("%B %Y", "%b %Y", "%m/%Y")
TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%H.%M")
SOURCE_MAX = 200  # ChronologyEntry.source


@dataclass(frozen=True)
class SheetRow:
    """One row of the upload, read and checked: the values an entry is made of, and its key."""

    number: int
    occurred_on: date
    precision: str
    occurred_at: time | None
    source: str
    what_happened: str
    significance: str
    key_practice_episode: bool = False

    @property
    def row_key(self) -> str:
        """The row's fingerprint: the same values (whitespace aside) give the same key."""
        parts = [
            self.occurred_on.isoformat(),
            self.precision,
            self.occurred_at.isoformat() if self.occurred_at else "",
            " ".join(self.source.split()).casefold(),
            " ".join(self.what_happened.split()),
            " ".join(self.significance.split()),
            "key" if self.key_practice_episode else "",
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass
class SheetReading:
    rows: list[SheetRow]
    errors: list[str]
    skipped: int


# --- The template -----------------------------------------------------------------------------


def template_workbook() -> bytes:
    """The blank chronology: headings, a precision list, date and time formats, instructions."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(HEADINGS))
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        sheet[f"{letter}1"].font = Font(bold=True)
    sheet.freeze_panes = "A2"
    last = MAX_ROWS + 1
    choose = DataValidation(
        type="list",
        formula1='"' + ",".join(DatePrecision.values) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Precision",
        error="Choose exact, month or approximate.",
    )
    choose.add(f"B2:B{last}")
    sheet.add_data_validation(choose)
    flag = DataValidation(
        type="list",
        formula1='"Yes,No"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Key practice episode",
        error="Choose Yes or No, or leave it blank.",
    )
    flag.add(f"G2:G{last}")
    sheet.add_data_validation(flag)
    for row in range(2, last + 1):
        sheet[f"A{row}"].number_format = "DD/MM/YYYY"
        sheet[f"C{row}"].number_format = "HH:MM"
    notes = book.create_sheet("Instructions")
    notes.column_dimensions["A"].width = 18
    notes.column_dimensions["B"].width = 90
    notes.append(["How to fill in your agency's chronology"])
    notes["A1"].font = Font(bold=True, size=14)
    for line in instructions():
        notes.append(line)
    for cells in notes.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def instructions() -> list[list[str]]:
    """The instructions sheet's rows: one row per entry, then each column's rule."""
    return [
        ["", f"One row for each thing that happened, on the '{SHEET}' sheet. Keep the headings in row 1."],
        ["", f"Up to {MAX_ROWS} rows, in a file smaller than {MAX_BYTES // (1024 * 1024)} MB."],
        ["", "Uploading the same rows again adds nothing: a row already uploaded is left as it is."],
        ["", "If any row has a problem, nothing is saved: the page lists each problem by row and column."],
        *([c.heading + (" (required)" if c.required else ""), c.note] for c in COLUMNS),
    ]


# --- Reading an upload --------------------------------------------------------------------------


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def check_file(stream: IO[bytes], size: int) -> None:
    """Refuse what is not an XLSX workbook by its content (not its name), or is too large."""
    if size > MAX_BYTES:
        raise _refuse(f"The file must be smaller than {MAX_BYTES // (1024 * 1024)} MB")
    stream.seek(0)
    if stream.read(4) != b"PK\x03\x04":
        raise _refuse(NOT_XLSX)
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            if sum(i.file_size for i in infos) > MAX_UNPACKED:
                raise _refuse(DAMAGED)
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise _refuse(
                    "Workbooks with macros cannot be uploaded: save it as an Excel Workbook (.xlsx)"
                )
            if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
                raise _refuse(NOT_XLSX)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        raise _refuse(DAMAGED) from None
    stream.seek(0)


def _rows(stream: IO[bytes]) -> Iterator[tuple[Any, ...]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken workbook
        raise _refuse(DAMAGED) from None
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        book.close()


def read_sheet(stream: IO[bytes]) -> SheetReading:
    """Every row of the workbook checked: the good rows, and each problem by row and column."""
    rows = _rows(stream)
    header = next(rows, None) or ()
    found = {str(h).strip().casefold(): i for i, h in enumerate(header) if h is not None and str(h).strip()}
    missing = [h for h in HEADINGS if h.casefold() not in found and h not in OPTIONAL_HEADINGS]
    if missing:
        named = ", ".join(f"'{h}'" for h in missing)
        raise _refuse(f"Row 1 must have the headings of the template. Missing: {named}")
    where = {h: found[h.casefold()] for h in HEADINGS if h.casefold() in found}
    reading = SheetReading(rows=[], errors=[], skipped=0)
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise _refuse(f"The chronology can have at most {MAX_ROWS} rows in one upload")
        cells = {h: values[where[h]] if h in where and where[h] < len(values) else None for h in HEADINGS}
        if all(_blank(v) for v in cells.values()):
            reading.skipped += 1
            continue
        row, errors = _read_row(number, cells)
        reading.errors.extend(errors)
        if row is not None:
            reading.rows.append(row)
    return reading


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_row(number: int, cells: dict[str, Any]) -> tuple[SheetRow | None, list[str]]:
    errors: list[str] = []

    def problem(heading: str, message: str) -> None:
        errors.append(f"Row {number}, column '{heading}': {message}")

    precision_text = _text(cells["Precision"]).casefold()
    precision = PRECISIONS.get(precision_text) if precision_text else None
    if precision_text and precision is None:
        problem("Precision", "choose exact, month or approximate")
    occurred_on, month_only = _read_date(cells["Date"])
    if _blank(cells["Date"]):
        problem("Date", "enter the date it happened")
    elif occurred_on is None:
        problem("Date", "enter a real date, for example 03/03/2024")
    elif validation.in_future(occurred_on):
        problem("Date", validation.FUTURE_DATE.rstrip(".").lower())
    occurred_at = _read_time(cells["Time"])
    if not _blank(cells["Time"]) and occurred_at is None:
        problem("Time", "enter a time on the 24-hour clock, for example 14:30")
    source, what, significance = (_text(cells[h]) for h in ("Source", "What happened", "Significance"))
    if not source:
        problem("Source", "enter the record, system or document it comes from")
    elif len(source) > SOURCE_MAX:
        problem("Source", f"the source must be {SOURCE_MAX} characters or fewer")
    if not what:
        problem("What happened", "enter what happened")
    flag_text = _text(cells["Key practice episode"]).casefold()
    key_episode = YES_NO.get(flag_text, False)
    if flag_text and flag_text not in YES_NO:
        problem("Key practice episode", "enter Yes or No, or leave it blank")
    if errors or occurred_on is None:
        return None, errors
    chosen = precision or (DatePrecision.MONTH if month_only else DatePrecision.EXACT)
    return SheetRow(number, occurred_on, chosen, occurred_at, source, what, significance, key_episode), []


def _parse(text: str, formats: Iterable[str]) -> datetime | None:
    for pattern in formats:
        try:
            return datetime.strptime(text, pattern)  # noqa: DTZ007 (a calendar date, no time zone)
        except ValueError:
            continue
    return None


def _read_date(value: object) -> tuple[date | None, bool]:
    """The date and whether only its month was given ("March 2024")."""
    found: date | None = None
    month_only = False
    if isinstance(value, datetime):
        found = value.date()
    elif isinstance(value, date):
        found = value
    elif isinstance(value, str) and value.strip():
        text = " ".join(value.split())
        parsed = _parse(text, DATE_FORMATS)
        if parsed is None and (parsed := _parse(text, MONTH_FORMATS)) is not None:
            month_only = True
        found = parsed.date() if parsed else None
    if found is not None and not 1900 <= found.year <= 2100:
        found = None
    return found, month_only


def _read_time(value: object) -> time | None:
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str) and value.strip():
        parsed = _parse(value.strip(), TIME_FORMATS)
        return parsed.time().replace(second=0) if parsed else None
    return None
