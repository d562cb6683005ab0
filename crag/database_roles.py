"""Two PostgreSQL roles (docs/database-roles.md): one owns the tables and runs the migrations; the
application's role reads and writes rows, and may only read and add to the audit trail.

A role that owns a table can always empty it (it can drop or disable the triggers that stop
TRUNCATE, UPDATE and DELETE), so the audit trail is only append-only for a role that does not.
"""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

# The append-only tables: django-auditlog's record changes and access, and CRAG's security events.
AUDIT_TABLES = ("auditlog_logentry", "crag_auditevent")
# The migrations applied are the owner's to record.
OWNER_ONLY_WRITES = ("django_migrations",)
SCHEMA = "public"
ROWS = "SELECT, INSERT, UPDATE, DELETE"
# Test settings only (conftest.py): the role through which the test runner empties the database
# between transactional tests. Outside tests nothing sets it and `flush` refuses.
TEST_FLUSH_ROLE = "CRAG_FLUSH_AS"


def grant_statements(connection: BaseDatabaseWrapper, app_role: str) -> list[str]:
    """The SQL the owner runs, after every `migrate`, to give the application's role its rights."""
    q = connection.ops.quote_name
    role, schema = q(app_role), q(SCHEMA)
    audit = ", ".join(q(t) for t in AUDIT_TABLES)
    owner_only = ", ".join(q(t) for t in OWNER_ONLY_WRITES)
    return [
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT {ROWS} ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        # Tables a later migration adds are usable at once, before this is run again.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT {ROWS} ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {role}",
        f"REVOKE ALL ON {audit} FROM PUBLIC, {role}",
        f"GRANT SELECT, INSERT ON {audit} TO {role}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {owner_only} FROM PUBLIC, {role}",
    ]


def _fetch(connection: BaseDatabaseWrapper, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def audit_trail_exposures(connection: BaseDatabaseWrapper) -> list[str]:
    """Ways the role this connection uses could change or empty the audit trail ([] when none)."""
    [(role, superuser)] = _fetch(
        connection, "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user"
    )
    problems = (
        [f"The role {role} is a superuser: it can do anything to the audit trail."] if superuser else []
    )
    for table in AUDIT_TABLES:
        found = _fetch(
            connection,
            "SELECT pg_has_role(c.relowner, 'MEMBER'), has_table_privilege(c.oid, 'UPDATE'),"
            " has_table_privilege(c.oid, 'DELETE'), has_table_privilege(c.oid, 'TRUNCATE'),"
            " has_table_privilege(c.oid, 'TRIGGER'), has_table_privilege(c.oid, 'INSERT')"
            " FROM pg_class c WHERE c.oid = to_regclass(%s)",
            (table,),
        )
        if not found:
            problems.append(f"The table {table} does not exist: run the migrations as the owner first.")
            continue
        [(owns, *privileges, can_insert)] = found
        if owns:
            problems.append(
                f"The role {role} owns the table {table} (or may act as its owner): "
                "it can disable its triggers and empty it."
            )
        granted = [
            name
            for name, has in zip(("UPDATE", "DELETE", "TRUNCATE", "TRIGGER"), privileges, strict=True)
            if has
        ]
        if granted:
            problems.append(f"The role {role} has {', '.join(granted)} on the table {table}.")
        if not can_insert:
            problems.append(f"The role {role} cannot add entries to the table {table}.")
        enabled = {
            name
            for (name,) in _fetch(
                connection,
                "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s)"
                " AND NOT tgisinternal AND tgenabled <> 'D'",
                (table,),
            )
        }
        for trigger in (f"{table}_append_only", f"{table}_no_truncate"):
            if trigger not in enabled:
                problems.append(f"The trigger {trigger} on the table {table} is missing or disabled.")
    return problems


def flush_role_for_tests(connection: BaseDatabaseWrapper) -> dict[str, str] | None:
    """The owner's USER and PASSWORD that the test settings name for flushing, else None."""
    flush_as = connection.settings_dict.get("TEST", {}).get(TEST_FLUSH_ROLE)
    return dict(flush_as) if flush_as else None


def flush_as_owner(connection: BaseDatabaseWrapper, sql_list: list[str], owner: dict[str, str]) -> None:
    """Tests only: run the flush SQL through the owner's own connection, with the audit tables'
    triggers off for that one transaction (only their owner may turn them off)."""
    owner_connection = connection.copy()
    owner_connection.settings_dict.update(owner)
    q = owner_connection.ops.quote_name
    try:
        owner_connection.set_autocommit(False)
        with owner_connection.cursor() as cursor:
            # A connection left inside a transaction would otherwise hold the suite up for ever.
            cursor.execute("SET LOCAL lock_timeout = '30s'")
            audit = [t for t in AUDIT_TABLES if t in owner_connection.introspection.table_names(cursor)]
            for table in audit:
                cursor.execute(f"ALTER TABLE {q(table)} DISABLE TRIGGER USER")
            for sql in sql_list:
                cursor.execute(sql)
            for table in audit:
                cursor.execute(f"ALTER TABLE {q(table)} ENABLE TRIGGER USER")
        owner_connection.commit()
    except Exception:
        owner_connection.rollback()
        raise
    finally:
        owner_connection.close()
