"""Check, as the application's role, that it cannot change or empty the audit trail."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from crag import database_roles


class Command(BaseCommand):
    help = (
        "Connect with DATABASE_URL's role and report every way it could change or empty the audit "
        "trail (owner of the tables, superuser, UPDATE/DELETE/TRUNCATE rights, missing triggers). "
        "Exits non-zero if there is one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            raise CommandError(
                "Database roles are a PostgreSQL feature: the SQLite demo has no roles to check."
            )
        problems = database_roles.audit_trail_exposures(connection)
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write("This role can read the audit trail and add to it, and nothing more.")
