"""Run the deadline sweep once, as beat does, and send what is due (in this process)."""

from typing import Any

from django.core.management.base import BaseCommand

from notifications import services, tasks


class Command(BaseCommand):
    help = "Recompute every open clock's reminders from the database and send the unsent ones."

    def handle(self, *args: Any, **options: Any) -> None:
        ids = tasks.sweep_once()
        if ids is None:
            self.stdout.write("Another sweep is running: this one skipped.")
            return
        sent = sum(services.send_reminder(reminder_id=pk) for pk in ids)
        self.stdout.write(f"Sweep done: {sent} reminders sent.")
