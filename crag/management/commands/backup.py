"""Write one encrypted archive of the database and the private document store."""

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from crag.backup import archive, crypto, database


class Command(BaseCommand):
    help = (
        "Write one archive: a consistent dump of the database, every file of the document store and "
        "a manifest of checksums, encrypted with CRAG_BACKUP_KEY. Run it with the owner's "
        "DATABASE_URL (docs/database-roles.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, help="Directory for the archive (default CRAG_BACKUP_DIR)."
        )
        parser.add_argument(
            "--generate-key", action="store_true", help="Print a new random key for CRAG_BACKUP_KEY and stop."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["generate_key"]:
            self.stdout.write(crypto.generate_key())
            return
        try:
            key = crypto.parse_key(settings.CRAG_BACKUP_KEY)
            started = time.monotonic()
            path, manifest = archive.create(Path(options["output"] or settings.CRAG_BACKUP_DIR), key)
        except (crypto.BackupKeyError, database.DatabaseError, OSError) as error:
            raise CommandError(str(error)) from error
        tables = manifest["database"]["tables"]
        self.stdout.write(
            f"{path} ({path.stat().st_size} bytes, {time.monotonic() - started:.1f} s): "
            f"{len(tables)} tables, {sum(tables.values())} rows, {len(manifest['files'])} files; "
            f"key {crypto.fingerprint(key)}."
        )
