"""The restore drill (issue 17): records with documents -> backup -> an empty PostgreSQL database and
an empty store -> restore -> every table's row count and every document's checksum equal, and the
application serves the restored documents.

The backup and the restore run as an operator runs them: `manage.py` in their own processes, with
the owner's DATABASE_URL (docs/database-roles.md); the restored database is then used through the
application's role, as the web application would use it.
"""

import hashlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import environ
import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.db import connection

from crag import roles
from crag.backup import crypto, database
from reviews.tests.factories import AnnualReportRenderFactory, ReviewDocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
KEY = crypto.generate_key()

# Run inside the restored application: sign in as the chair (as conftest's sign_in does) and
# download every document through the permission-checked view.
PROBE = """
import hashlib, time
from django.test import Client
from django.urls import reverse
from conftest import give_totp
from crag.models import User
from reviews.models import ReviewDocument
user = User.objects.get(pk={user_pk})
give_totp(user)
client = Client()
client.force_login(user)
session = client.session
session["account_authentication_methods"] = [{{"method": "mfa", "at": time.time(), "type": "totp"}}]
session["account_authentication_methods_user"] = str(user.pk)
session.save()
for document in ReviewDocument.objects.order_by("pk"):
    response = client.get(reverse("reviews:document_download", args=[document.pk]))
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    print(document.pk, response.status_code, hashlib.sha256(body).hexdigest())
"""


def _url(config: dict[str, object], name: str, user: dict[str, object]) -> str:
    return f"postgres://{user['USER']}:{user['PASSWORD']}@{config['HOST']}:{config['PORT']}/{name}"


@pytest.fixture
def owner() -> dict[str, object]:
    """The role that owns the databases (with_services.sh's DATABASE_URL), on this test server."""
    return environ.Env.db_url_config(os.environ["DATABASE_URL"])


@pytest.fixture
def empty_database(owner: dict[str, object]) -> Iterator[str]:
    """A new, empty database on the same server, made and dropped by the owner (it may CREATEDB)."""
    name = f"crag_drill_{uuid.uuid4().hex[:8]}"
    server = psycopg2.connect(
        dbname=connection.settings_dict["NAME"],
        user=owner["USER"],
        password=owner["PASSWORD"],
        host=owner["HOST"],
        port=owner["PORT"],
    )
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield name
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        server.close()


def manage(*args: str, database_url: str, store: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CRAG_PRIVATE_ROOT": str(store),
        "CRAG_BACKUP_KEY": KEY,
    }
    return subprocess.run(  # our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def restored_counts(url: str) -> dict[str, int]:
    with psycopg2.connect(url) as restored, restored.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        counts = {}
        for (table,) in cursor.fetchall():
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 # a name from the catalogue
            counts[table] = cursor.fetchone()[0]
    restored.close()
    return counts


def test_restore_drill_brings_back_every_row_and_document(
    settings, tmp_path, owner, empty_database, make_user
):
    chair = make_user(roles.CRAG_CHAIR)
    documents = [
        ReviewDocumentFactory(file=ContentFile(os.urandom(size), name="report.pdf"), uploaded_by=chair)
        for size in (10, 200_000, 1_500_000)
    ]
    for document in documents:
        with open(document.file.path, "rb") as file:
            document.sha256 = hashlib.sha256(file.read()).hexdigest()
        document.save(update_fields=["sha256"])
    pdf = b"%PDF-1.7 the annual report"
    AnnualReportRenderFactory(
        file=ContentFile(pdf, name="report.pdf"), sha256=hashlib.sha256(pdf).hexdigest()
    )
    source_counts = database.row_counts()
    app_role = {"USER": connection.settings_dict["USER"], "PASSWORD": connection.settings_dict["PASSWORD"]}
    # The nightly backup (deploy/crag-backup.service) runs as the application's role, which may
    # read every table; only the restore needs the owner, which creates them.
    source = _url(owner, connection.settings_dict["NAME"], app_role)
    target = _url(owner, empty_database, owner)
    store, restored_store = Path(settings.CRAG_PRIVATE_ROOT), tmp_path / "restored-store"

    backup = manage("backup", "--output", str(tmp_path / "backups"), database_url=source, store=store)
    assert backup.returncode == 0, backup.stderr
    [archive] = (tmp_path / "backups").iterdir()
    restore = manage(
        "restore",
        str(archive),
        "--app-role",
        str(app_role["USER"]),
        database_url=target,
        store=restored_store,
    )
    assert restore.returncode == 0, restore.stderr

    assert restored_counts(target) == source_counts
    assert sum(source_counts.values()) > 0
    for document in documents:
        restored = restored_store / document.file.name
        assert hashlib.sha256(restored.read_bytes()).hexdigest() == document.sha256
    as_app = _url(owner, empty_database, app_role)
    checked = manage("check_documents", database_url=as_app, store=restored_store)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "All 4 document files are present and match their checksums." in checked.stdout
    served = manage(
        "shell",
        "--no-imports",
        "-c",
        PROBE.format(user_pk=chair.pk),
        database_url=as_app,
        store=restored_store,
    )
    assert served.returncode == 0, served.stderr
    assert served.stdout.split() == [str(v) for d in documents for v in (d.pk, 200, d.sha256)]


def test_a_database_restored_without_its_store_is_reported(settings, tmp_path, owner, empty_database):
    """The case /healthz and check_documents exist for: the rows are back, the files are not."""
    document = ReviewDocumentFactory()
    source = _url(owner, connection.settings_dict["NAME"], owner)
    target = _url(owner, empty_database, owner)
    backup = manage(
        "backup", "--output", str(tmp_path), database_url=source, store=Path(settings.CRAG_PRIVATE_ROOT)
    )
    assert backup.returncode == 0, backup.stderr
    [archive] = tmp_path.glob("*.cragbackup")
    assert manage("restore", str(archive), database_url=target, store=tmp_path / "store").returncode == 0
    lost = tmp_path / "store" / document.file.name
    lost.unlink()

    checked = manage("check_documents", database_url=target, store=tmp_path / "store")

    assert checked.returncode == 1
    assert f"missing: review document {document.pk} ({document.file.name})" in checked.stdout


def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(settings, tmp_path, owner):
    ReviewDocumentFactory()
    source = _url(owner, connection.settings_dict["NAME"], owner)
    store = Path(settings.CRAG_PRIVATE_ROOT)
    backup = manage("backup", "--output", str(tmp_path), database_url=source, store=store)
    assert backup.returncode == 0, backup.stderr
    [archive] = tmp_path.glob("*.cragbackup")
    before = database.row_counts()

    refused = manage("restore", str(archive), database_url=source, store=tmp_path / "empty")

    assert refused.returncode == 1
    assert "The database is not empty" in refused.stderr
    assert "Nothing was changed." in refused.stderr
    assert database.row_counts() == before


def test_restore_with_force_brings_back_a_lost_file_over_a_database_and_store_that_are_not_empty(
    settings, tmp_path, owner, empty_database
):
    kept, lost = ReviewDocumentFactory.create_batch(2)
    source = _url(owner, connection.settings_dict["NAME"], owner)
    target = _url(owner, empty_database, owner)
    store = tmp_path / "store"
    backup = manage(
        "backup", "--output", str(tmp_path), database_url=source, store=Path(settings.CRAG_PRIVATE_ROOT)
    )
    assert backup.returncode == 0, backup.stderr
    [archive] = tmp_path.glob("*.cragbackup")
    assert manage("restore", str(archive), database_url=target, store=store).returncode == 0
    (store / lost.file.name).unlink()
    refused = manage("restore", str(archive), database_url=target, store=store)
    assert refused.returncode == 1
    assert "Nothing was changed." in refused.stderr

    forced = manage("restore", str(archive), "--force", database_url=target, store=store)

    assert forced.returncode == 0, forced.stderr
    assert manage("check_documents", database_url=target, store=store).returncode == 0
    assert hashlib.sha256((store / kept.file.name).read_bytes()).hexdigest() == kept.sha256
    assert restored_counts(target) == database.row_counts()
