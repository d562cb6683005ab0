"""Bring a backup archive back into an empty database and document store."""

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from crag.backup import archive, crypto, database


class Command(BaseCommand):
    help = (
        "Decrypt an archive with CRAG_BACKUP_KEY, check every file against its manifest, then restore "
        "the database and the document store. Both must be empty unless --force. Run it with the "
        "owner's DATABASE_URL; --app-role then grants the application's role its rights."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="Restore over a database or store that is not empty."
        )
        parser.add_argument("--app-role", help="Run grant_app_role for this role after the restore.")
        parser.add_argument(
            "--work-dir", type=Path, help="Where to decrypt the archive first (default: the temp dir)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["archive"]
        if not source.is_file():
            raise CommandError(f"No archive at {source}.")
        started = time.monotonic()
        try:
            key = crypto.parse_key(settings.CRAG_BACKUP_KEY)
            done = archive.restore(source, key, force=options["force"], work_dir=options["work_dir"])
        except (crypto.BackupKeyError, crypto.ArchiveDamaged, archive.RestoreRefused) as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        except (database.DatabaseError, OSError) as error:
            raise CommandError(str(error)) from error
        if options["app_role"]:
            call_command("grant_app_role", options["app_role"], verbosity=0)
        self.stdout.write(
            f"Restored {done.rows} rows in {done.tables} tables and {done.files} documents "
            f"({done.bytes} bytes) in {time.monotonic() - started:.1f} s. "
            "Run `manage.py check_documents` to compare every document with its recorded checksum."
        )
