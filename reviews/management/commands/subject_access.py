"""python manage.py subject_access CHILD_ID --output FILE.zip --by ADMIN_EMAIL"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crag import permissions
from crag.models import User
from reviews.models import Child
from reviews.retention.subject_access import subject_access_export


class Command(BaseCommand):
    help = (
        "Export everything CRAG holds about one child (the right of access) to a ZIP, "
        "audited as an export by the Partnership admin named with --by."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("child_id", type=int)
        parser.add_argument("--output", type=Path, required=True, help="The ZIP file to write.")
        parser.add_argument("--by", required=True, help="The email of the Partnership admin exporting.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(email__iexact=options["by"], is_active=True).first()
        if actor is None or not permissions.can_use_admin_site(actor):
            raise CommandError("--by must name an active Partnership admin: the export is audited as theirs.")
        child = Child.objects.filter(pk=options["child_id"]).first()
        if child is None:
            raise CommandError(f"No child with id {options['child_id']}.")
        event = subject_access_export(actor=actor, child=child, output=options["output"])
        self.stdout.write(f"Wrote {options['output']} for {child.pseudonym} (audit event {event.pk}).")
