"""Load fictional demo records so that `make run` shows CRAG working."""

import secrets
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from demo import people as demo
from demo import records as reviews_demo


class Command(BaseCommand):
    help = "Create fictional demo agencies and one user per role; safe to run twice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give existing demo users the demo password too.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = settings.DEMO_PASSWORD or secrets.token_urlsafe(15)
        generated = not settings.DEMO_PASSWORD
        with transaction.atomic():
            result = demo.seed(password=password, reset_passwords=options["reset_passwords"])
            incidents = reviews_demo.seed(today=timezone.localdate())
        self.stdout.write(
            f"Demo data: {result.agencies_created} agencies, {result.users_created} users and "
            f"{incidents} incidents created."
        )
        if result.passwords_set:
            self.stdout.write("Demo sign-ins (fictional users, one per role):")
            for user in demo.USERS:
                self.stdout.write(f"  {user.role:<22} {user.email}")
            shown = password if generated else "the value of DEMO_PASSWORD"
            self.stdout.write(f"  Password for all of them: {shown}")
            if generated:
                self.stdout.write(
                    "  (Generated now and shown only this once. Set DEMO_PASSWORD to choose one.)"
                )
        else:
            self.stdout.write(
                "Demo users already exist; their passwords are unchanged "
                "(use --reset-passwords to set them again)."
            )
