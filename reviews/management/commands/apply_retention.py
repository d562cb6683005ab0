"""python manage.py apply_retention [--dry-run] [--report FILE.csv]"""

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from reviews.retention.apply import apply, report_rows, write_report
from reviews.retention.plan import Step, plan
from reviews.retention.schedule import ANONYMISE, DESTROY, KEPT, schedule

DONE = {ANONYMISE: "anonymised", DESTROY: "destroyed"}


class Command(BaseCommand):
    help = (
        "Anonymise or destroy the records past their retention period (settings.CRAG_RETENTION), "
        "never one on legal hold. With --dry-run, list what would be done and change nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what would be done; change nothing.")
        parser.add_argument("--report", type=Path, help="Write the report to this CSV file as well.")

    def handle(self, *args: Any, **options: Any) -> None:
        today: date = timezone.localdate()
        found = plan(today)
        if options["dry_run"]:
            outcomes: list[tuple[Step, str]] = [
                (step, "held" if step.is_held else f"would be {DONE[step.action]}") for step in found.steps
            ]
        else:
            outcomes = apply(found)
        self._print(today, outcomes, dry_run=options["dry_run"])
        if options["report"]:
            write_report(options["report"], outcomes)
            self.stdout.write(f"Report written to {options['report']}")

    def _print(self, today: date, outcomes: list[tuple[Step, str]], *, dry_run: bool) -> None:
        heading = "Retention dry run" if dry_run else "Retention run"
        self.stdout.write(f"{heading} for {today:%d %B %Y}")
        periods = schedule()
        for kind, period in periods.items():
            rows = [row for row in report_rows(outcomes) if row[1] == kind]
            self.stdout.write(f"\n{kind}: {period.years} years from {period.after}, then {period.action}")
            if kind in KEPT:
                self.stdout.write(f"  not applied by this command: {KEPT[kind]}")
            for outcome, _, _, label, reason, holds in rows:
                self.stdout.write(f"  {outcome}: {label}: {reason}" + (f" [held: {holds}]" if holds else ""))
            if not rows and kind not in KEPT:
                self.stdout.write("  nothing due")
        children = [row for row in report_rows(outcomes) if row[1] not in periods]
        self.stdout.write("\nchild identity (once every record naming the child is past its period)")
        for outcome, _, _, label, reason, holds in children:
            self.stdout.write(f"  {outcome}: {label}: {reason}" + (f" [held: {holds}]" if holds else ""))
        if not children:
            self.stdout.write("  nothing due")
        counts: dict[str, int] = {}
        for _, outcome in outcomes:
            counts[outcome] = counts.get(outcome, 0) + 1
        summary = ", ".join(f"{n} {what}" for what, n in sorted(counts.items())) or "nothing to do"
        self.stdout.write(f"\n{summary}")
