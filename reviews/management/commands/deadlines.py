"""Every clock open on a day (DESIGN.md section 2, `contract`): what an auditor asks ("what was
overdue on 1 March?") and what the pages, the feed and the sweep show, from the same registry."""

import json
import re
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from reviews.clocks import Day, OpenClock

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
COLUMNS = ("Due", "State", "Subject", "Ref", "Clock")


def _day(value: str | None) -> date:
    if value is None:
        return timezone.localdate()
    if ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise CommandError(f'--as-of: "{value}" is not a date (YYYY-MM-DD)')


class Command(BaseCommand):
    help = (
        "List every clock open on a day (default today): sorted by due date then subject, as a table "
        "or, with --format json, as the JSON list of DESIGN.md section 2."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help="the day (default today)")
        parser.add_argument("--format", choices=("table", "json"), default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        day = _day(options["as_of"])
        found = sorted(Day(day).open_clocks(history=True), key=OpenClock.order)
        if options["format"] == "json":
            self.stdout.write(json.dumps([c.as_contract() for c in found], indent=2))
            return
        self.stdout.write(_table(found, day))


def _table(found: list[OpenClock], day: date) -> str:
    rows = [
        (
            c.clock.due.isoformat(),
            c.state.value,
            c.listing.subject,
            c.listing.ref or f"#{c.listing.id}",
            c.definition.label + (" (provisional)" if c.clock.provisional else ""),
        )
        for c in found
    ]
    widths = [max(len(r[i]) for r in [COLUMNS, *rows]) for i in range(len(COLUMNS) - 1)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)) + "  " + row[-1]
        for row in [COLUMNS, *rows]
    ]
    noun = "clock" if len(rows) == 1 else "clocks"
    lines.append(f"{len(rows)} {noun} open on {day:%A} {day.day} {day:%B %Y}")
    return "\n".join(lines)
