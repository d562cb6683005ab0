"""The database half of a backup: a consistent dump with its row counts, and its restore.

PostgreSQL is dumped by pg_dump (custom format) inside an exported snapshot, so the row counts in
the manifest are those of the very rows dumped; it is restored by pg_restore in one transaction.
The SQLite demo is copied with SQLite's online backup API. Both run on the `default` connection:
run backups and restores with the owner's DATABASE_URL (docs/database-roles.md), as `migrate` is.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

POSTGRESQL = "postgresql"
SQLITE = "sqlite"


class DatabaseError(Exception):
    """The dump or restore tool failed, or the database is not one CRAG can back up."""


def vendor() -> str:
    if connection.vendor not in (POSTGRESQL, SQLITE):
        raise DatabaseError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def tables(conn: BaseDatabaseWrapper = connection) -> list[str]:
    """Every table of the database (the ones CRAG's migrations made and any other)."""
    with conn.cursor() as cursor:
        return sorted(conn.introspection.table_names(cursor))


def row_counts(conn: BaseDatabaseWrapper = connection) -> dict[str, int]:
    """Rows per table, as the manifest records and the restore checks them."""
    q = conn.ops.quote_name
    counts = {}
    with conn.cursor() as cursor:
        for table in tables(conn):
            cursor.execute(f"SELECT COUNT(*) FROM {q(table)}")  # noqa: S608 # a quoted table name
            counts[table] = int(cursor.fetchone()[0])
    return counts


def _pg_tool(name: str) -> str:
    folder = settings.CRAG_PG_BIN
    tool = os.path.join(folder, name) if folder else shutil.which(name)
    if not tool or not os.access(tool, os.X_OK):
        raise DatabaseError(f"{name} not found (CRAG_PG_BIN is {folder!r}): install the PostgreSQL client.")
    return tool


def _pg_connection_args() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", str(db["NAME"])]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [option, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise DatabaseError(f"{os.path.basename(command[0])} failed: {done.stderr.strip()}")


def dump(path: Path) -> dict[str, int]:
    """Write the database to `path`; return its rows per table, counted in the same snapshot."""
    if vendor() == SQLITE:
        connection.close()
        with sqlite3.connect(str(connection.settings_dict["NAME"])) as source:
            target = sqlite3.connect(path)
            try:
                source.backup(target)
            finally:
                target.close()
        copy = sqlite3.connect(path)
        try:
            names = [
                n
                for (n,) in copy.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return {n: copy.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in sorted(names)}  # noqa: S608
        finally:
            copy.close()
    args, env = _pg_connection_args()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        counts = row_counts()
        _run(
            [_pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", "--file", str(path), *args],
            env,
        )
    return counts


def restore(path: Path, *, database_vendor: str, replace: bool) -> None:
    """Load a dump into this database. `replace`: drop the dump's objects first (--force)."""
    if database_vendor != vendor():
        raise DatabaseError(f"The archive holds a {database_vendor} database; this one is {vendor()}.")
    connection.close()
    if database_vendor == SQLITE:
        source = sqlite3.connect(path)
        target = sqlite3.connect(str(connection.settings_dict["NAME"]))
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return
    args, env = _pg_connection_args()
    # No owner and no grants from the dump: the restoring role (the owner) owns what it makes, and
    # grant_app_role gives the application's role its rights, whatever the roles were called before.
    options = ["--no-owner", "--no-acl", "--exit-on-error", "--single-transaction"]
    if replace:
        options += ["--clean", "--if-exists"]
    _run([_pg_tool("pg_restore"), *options, *args, str(path)], env)
