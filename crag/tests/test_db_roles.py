"""Two database roles: the application's role cannot change or empty the audit trail, and even the
owner's TRUNCATE is stopped by a trigger (docs/database-roles.md)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from crag import database_roles
from crag.models import AuditEvent
from crag.tests.factories import AgencyFactory

INSUFFICIENT_PRIVILEGE = "42501"
RAISED_BY_TRIGGER = "P0001"


def pgcode(error: DatabaseError) -> str:
    return str(getattr(error.__cause__, "pgcode", ""))


@contextmanager
def owner_cursor() -> Iterator[Any]:
    """A cursor of the role that owns the tables, in a transaction that is rolled back."""
    owner = connection.copy()
    owner.settings_dict.update(connection.settings_dict["TEST"][database_roles.TEST_FLUSH_ROLE])
    owner.set_autocommit(False)
    try:
        with owner.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '10s'")  # a lock held by the test fails, not hangs
            yield cursor
    finally:
        owner.rollback()
        owner.close()


@pytest.mark.parametrize("table", database_roles.AUDIT_TABLES)
@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE {table}",
        "DELETE FROM {table}",
        "UPDATE {table} SET id = id",
        "ALTER TABLE {table} DISABLE TRIGGER USER",
        "DROP TRIGGER {table}_no_truncate ON {table}",
        "SET session_replication_role = replica",
    ],
)
def test_the_application_role_cannot_empty_change_or_untrigger_an_audit_table(db, table, statement):
    with pytest.raises(DatabaseError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement.format(table=table))
    assert pgcode(refused.value) == INSUFFICIENT_PRIVILEGE, refused.value


def test_the_application_role_reads_and_adds_audit_entries(db):
    AgencyFactory(name="Audited")
    event = AuditEvent.objects.create(kind="export", detail={"what": "x"})
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert LogEntry.objects.filter(object_repr="Audited").exists()


def test_check_app_role_passes_for_the_role_the_suite_connects_as(db, capsys):
    call_command("check_app_role")
    assert "can read the audit trail and add to it, and nothing more" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_check_app_role_names_what_the_owner_could_do():
    owner = connection.copy()
    owner.settings_dict.update(connection.settings_dict["TEST"][database_roles.TEST_FLUSH_ROLE])
    try:
        problems = database_roles.audit_trail_exposures(owner)
    finally:
        owner.close()
    assert any("owns the table auditlog_logentry" in p for p in problems)
    assert any("TRUNCATE" in p and "crag_auditevent" in p for p in problems)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("table", database_roles.AUDIT_TABLES)
def test_with_a_single_role_the_truncate_trigger_still_stops_truncate(table):
    with owner_cursor() as cursor:
        with pytest.raises(DatabaseError) as refused:
            cursor.execute(f"TRUNCATE {table}")
        assert pgcode(refused.value) == RAISED_BY_TRIGGER
        assert "append-only (TRUNCATE" in str(refused.value)


def test_flush_refuses_outside_tests_and_empties_nothing(db, monkeypatch):
    AgencyFactory(name="Audited")
    monkeypatch.delitem(connection.settings_dict["TEST"], database_roles.TEST_FLUSH_ROLE)

    with pytest.raises(CommandError, match="audit trail is append-only"):
        call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="audit trail is append-only"):
        call_command("sqlflush")

    assert LogEntry.objects.filter(object_repr="Audited").exists()


def test_auditlogflush_is_turned_off(db):
    AgencyFactory(name="Audited")
    for options in (["--yes"], ["--yes", "--truncate"], ["--yes", "--before-date", "2999-01-01"]):
        with pytest.raises(CommandError, match="turned off"):
            call_command("auditlogflush", *options)
    assert LogEntry.objects.filter(object_repr="Audited").exists()


@pytest.mark.django_db(transaction=True)
def test_the_test_runner_flushes_the_audit_trail_through_the_owner_and_leaves_the_triggers_on():
    AgencyFactory(name="Audited")
    AuditEvent.objects.create(kind="export", detail={"what": "x"})

    call_command("flush", interactive=False, verbosity=0)

    assert not LogEntry.objects.exists()
    assert not AuditEvent.objects.exists()
    assert database_roles.audit_trail_exposures(connection) == []


def test_grant_app_role_prints_the_sql_it_runs(db, capsys):
    call_command("grant_app_role", "crag_app", "--sql")
    sql = capsys.readouterr().out
    assert 'GRANT SELECT, INSERT ON "auditlog_logentry", "crag_auditevent" TO "crag_app";' in sql
    assert 'REVOKE ALL ON "auditlog_logentry", "crag_auditevent" FROM PUBLIC, "crag_app";' in sql
