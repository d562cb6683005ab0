"""Compare every stored document file with the checksum recorded when it was stored."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reviews.casework import integrity


class Command(BaseCommand):
    help = (
        "Read every review document and annual-report PDF in the private store and compare it with "
        "its recorded SHA-256. Lists missing and altered files; exits 1 if there is any."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = 0
        for problem in integrity.document_problems():
            problems += 1
            self.stdout.write(f"{problem.kind}: {problem.file.record} ({problem.file.name})")
        total = sum(1 for _ in integrity.recorded_files())
        if problems:
            raise CommandError(f"{problems} of {total} document files are missing or altered.")
        self.stdout.write(f"All {total} document files are present and match their checksums.")
