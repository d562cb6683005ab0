"""django-auditlog's `auditlogflush` deletes or truncates the audit trail: CRAG turns it off."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Refused: CRAG's audit trail is append-only and kept for the statutory retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        # The library's options, accepted so that a script using them gets this refusal, not a usage error.
        parser.add_argument("-y", "--yes", action="store_true")
        parser.add_argument("-b", "--before-date")
        parser.add_argument("-t", "--truncate", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        raise CommandError(
            "CRAG's audit trail is append-only: auditlogflush is turned off and deletes nothing. "
            "The database refuses to change or empty the audit tables (docs/database-roles.md)."
        )
