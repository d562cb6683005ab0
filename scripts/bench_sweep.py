"""Benchmark (not a test): the deadline sweep over 100,000 open clocks.

    scripts/with_services.sh bash -c '. scripts/test_env.sh && .venv/bin/python scripts/bench_sweep.py'

Migrates the throwaway database, makes N open actions (most due in the months ahead, about 2% due
in the next days or overdue) with their agencies' leads and the Business Group, then times the
first sweep of a day (which writes that day's reminders) and a repeat sweep (nothing new: the
steady state of a sweep every few minutes). Prints seconds, queries and reminders.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crag.settings")


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from crag import roles
    from crag.models import Agency, User
    from notifications import services
    from notifications.models import Reminder
    from notifications.tests.test_sweep_scale import OPEN_CLOCKS, TODAY, open_actions

    n = int(sys.argv[1]) if len(sys.argv) > 1 else OPEN_CLOCKS
    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import Group

    agencies = [Agency.objects.get_or_create(name=f"Bench agency {i}", kind="other")[0] for i in range(8)]
    for i, agency in enumerate(agencies):
        lead, _ = User.objects.get_or_create(
            email=f"lead{i}@bench.test", defaults={"full_name": f"Lead {i}", "agency": agency}
        )
        lead.groups.add(Group.objects.get(name=roles.AGENCY_ACTION_LEAD))
    group, _ = User.objects.get_or_create(
        email="business@bench.test", defaults={"full_name": "Business", "agency": agencies[0]}
    )
    group.groups.add(Group.objects.get(name=roles.BUSINESS_GROUP))
    started = time.perf_counter()
    open_actions(n, agencies)
    say(f"made {n:,} open actions in {time.perf_counter() - started:.1f} s")
    # A worker loads the URL configuration once, on its first reminder's link: timed apart, so
    # that the sweep's figures are those of every sweep after a worker's first.
    from django.urls import reverse

    started = time.perf_counter()
    reverse("dashboard")
    say(f"(loading the URL configuration, once per process: {time.perf_counter() - started:.2f} s)")
    for label in ("first sweep of the day", "repeat sweep (steady state)"):
        before = Reminder.objects.count()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            services.sweep(today=TODAY)
            seconds = time.perf_counter() - started
        made = Reminder.objects.count() - before
        count = len(queries.captured_queries)
        say(f"{label}: {seconds:.2f} s, {count} queries, {made:,} reminders written")
    say(f"(the sweep's day: {TODAY:%A %d %B %Y})")


if __name__ == "__main__":
    main()
