"""`manage.py annual_report Y --format json` prints the statistics of reporting year Y/Y+1 (the
contract's sections and `recorded`); `--trends` prints instead the year's headline figures beside
the previous years' (a JSON list, oldest first); `--output FILE.pdf` writes the PDF (the same code
as the worker's task and the browser)."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.annual_report import statistics as annual_report
from reviews.models import AnnualReport


class Command(BaseCommand):
    help = (
        "Print the annual report's statistics for reporting year Y (1 April Y to 31 March Y+1), "
        "or write its PDF."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int, help="Y for the year Y/Y+1, e.g. 2019 for 2019/20")
        parser.add_argument("--format", choices=["json"], default="json", help="How to print the statistics")
        parser.add_argument("--output", type=Path, help="Write the PDF to this file instead")
        parser.add_argument(
            "--trends",
            action="store_true",
            help="Print the headline figures of the year and up to five previous years instead",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 1990 <= year <= 2100:
            raise CommandError(f"{year} is not a reporting year (1990 to 2100).")
        if options["trends"]:
            if options["output"] is not None:
                raise CommandError("--trends prints the trends; it does not go with --output.")
            from reviews.annual_report.trends import trends

            self.stdout.write(json.dumps(trends(year), indent=2, sort_keys=True))
            return
        stats = annual_report.statistics(year)
        output: Path | None = options["output"]
        if output is None:
            self.stdout.write(json.dumps(stats, indent=2, sort_keys=True))
            return
        if output.suffix.lower() != ".pdf":
            raise CommandError(f"{output} must end in .pdf")
        from reviews.annual_report import document as annual_report_document

        report = AnnualReport.objects.filter(year=year).first() or AnnualReport(year=year)
        pdf = annual_report_document.render_pdf(report, stats)
        try:
            output.write_bytes(pdf)
        except OSError as failure:
            raise CommandError(f"Could not write {output}: {failure.strerror}") from failure
        self.stderr.write(f"Wrote {output} ({len(pdf):,} bytes).")
