"""Give the application's database role its rights; run as the owner after every `migrate`."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from crag import database_roles


class Command(BaseCommand):
    help = (
        "As the role that owns the tables: let ROLE read and write every table, but only read and "
        "add to the audit trail (docs/database-roles.md). Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="The application's role, e.g. crag_app")
        parser.add_argument("--sql", action="store_true", help="Print the SQL instead of running it.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are a PostgreSQL feature; this database has none.")
        statements = database_roles.grant_statements(connection, options["role"])
        if options["sql"]:
            self.stdout.write(";\n".join(statements) + ";")
            return
        with transaction.atomic(using=options["database"]), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        if options["verbosity"]:
            self.stdout.write(f"Granted {options['role']} its rights; the audit tables: read and add only.")
