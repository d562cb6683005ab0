"""The table the cache falls back on while Redis is away (crag/cache.py).

Made here rather than by `createcachetable`, so that `make run`, `make test` and a production
deployment have it after `migrate` alone; `grant_app_role` grants the application's role its rows
as for every table. The name is written out: a migration must not change when the code does.
"""

from django.core.management import call_command
from django.db import migrations

TABLE = "crag_cache_fallback"


def forwards(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def backwards(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("crag", "0005_audit_no_truncate")]

    operations = [migrations.RunPython(forwards, backwards)]
