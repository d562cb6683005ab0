"""`flush` refuses to empty CRAG's database: the audit trail in it is append-only.

Django's own `flush` empties every table with TRUNCATE, the audit tables included. Outside tests
this command refuses; to start again, drop and re-create the database. The test runner flushes
between transactional tests through the role that owns the tables (conftest.py sets it).
"""

from typing import Any

from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.management.commands import flush
from django.core.management.sql import emit_post_migrate_signal, sql_flush
from django.db import connections

from crag import database_roles

REFUSAL = (
    "CRAG's audit trail is append-only, so flush is turned off: it would empty the audit tables. "
    "To start again with an empty database, drop it and create it again, then run migrate."
)


def audit_tables_present(database: str) -> bool:
    connection = connections[database]
    return bool(set(database_roles.AUDIT_TABLES) & set(connection.introspection.table_names()))


class Command(flush.Command):
    help = "Refused outside tests: CRAG's audit trail is append-only."

    def handle(self, **options: Any) -> None:
        database = options["database"]
        connection = connections[database]
        owner = database_roles.flush_role_for_tests(connection)
        if not audit_tables_present(database):
            return super().handle(**options)
        if owner is None:
            raise CommandError(REFUSAL)
        sql_list = sql_flush(
            no_style(),
            connection,
            reset_sequences=options.get("reset_sequences", True),
            allow_cascade=options.get("allow_cascade", False),
        )
        database_roles.flush_as_owner(connection, sql_list, owner)
        if sql_list and not options.get("inhibit_post_migrate", False):
            emit_post_migrate_signal(options["verbosity"], options["interactive"], database)
