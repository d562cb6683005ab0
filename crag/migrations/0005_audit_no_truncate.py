"""The database refuses to empty the audit tables with TRUNCATE, which fires no row trigger.

The row triggers of 0004 stop UPDATE and DELETE; TRUNCATE bypasses them, so each audit table also
gets a statement trigger. A role that owns the tables can still disable triggers: production runs
the application as a role that does not own them (docs/database-roles.md).
"""

from django.db import migrations

TABLES = ("crag_auditevent", "auditlog_logentry")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite (the demo) has no TRUNCATE
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION crag_audit_is_append_only();"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};")


class Migration(migrations.Migration):
    dependencies = [
        ("crag", "0004_audit_immutable"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
