"""Load recorded history from a "crag-records/1" JSON file (docs/import-format.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.importer.file import RecordsFileError, read_records_file
from reviews.importer.run import ImportResult, RecordsImportError, import_records


def read_document(path: Path) -> Any:
    """The file's JSON, or a CommandError saying why it cannot be read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except OSError as exc:
        raise CommandError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        return read_records_file(data)
    except RecordsFileError as exc:
        raise CommandError(f"{path}: {exc}; nothing was imported") from None


class Command(BaseCommand):
    help = (
        'Import records from a "crag-records/1" JSON file: all or nothing, matched by ref, '
        "safe to run twice. Every problem is reported by record and field."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The JSON document to import")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and count the changes; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        document = read_document(path)
        try:
            result = import_records(document, dry_run=options["dry_run"])
        except RecordsImportError as exc:
            problems = "\n".join(f"  {error}" for error in exc.errors)
            count = len(exc.errors)
            raise CommandError(
                f"{path}: nothing was imported; {count} problem{'s' if count != 1 else ''}:\n{problems}"
            ) from None
        self.write_summary(path, result)

    def write_summary(self, path: Path, result: ImportResult) -> None:
        if result.dry_run:
            self.stdout.write(f"{path}: checked, nothing written (dry run). It would make:")
        else:
            self.stdout.write(f"{path}: imported.")
        for name, counts in result.sections.items():
            self.stdout.write(
                f"  {name}: {counts.created} created, {counts.updated} updated, {counts.unchanged} unchanged"
            )
        self.stdout.write(f"Total: {result.created} created, {result.updated} updated.")
