"""`sqlflush` refuses for the same reason as `flush`: its SQL would empty the audit trail."""

from typing import Any

from django.core.management.base import CommandError
from django.core.management.commands import sqlflush
from django.db import connections

from crag import database_roles
from crag.management.commands.flush import REFUSAL, audit_tables_present


class Command(sqlflush.Command):
    help = "Refused outside tests: CRAG's audit trail is append-only."

    def handle(self, **options: Any) -> str:
        database = options["database"]
        if (
            audit_tables_present(database)
            and database_roles.flush_role_for_tests(connections[database]) is None
        ):
            raise CommandError(REFUSAL)
        return str(super().handle(**options))
