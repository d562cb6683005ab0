"""EXPLAIN ANALYZE of the queries behind the overdue actions, the action plan and the sweep, on
load data at scale 10 (a benchmark script, not a test).

    scripts/with_services.sh bash -c '. scripts/test_env.sh && .venv/bin/python scripts/explain_queries.py'

Migrates the throwaway database, runs `generate_load_data --years 10 --scale 10`, analyses it, then
prints each query's plan and whether PostgreSQL used an index for it.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crag.settings")


def say(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from crag import roles
    from crag.models import Agency, User
    from notifications import deadlines
    from reviews.actions import selectors
    from reviews.clocks import Day, Stage
    from reviews.models import Action

    scale = os.environ.get("SCALE", "10")
    call_command("migrate", verbosity=0)
    if not Action.objects.exists():
        call_command("generate_load_data", "--years", "10", "--scale", scale, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    today = timezone.localdate()
    business = User.objects.filter(groups__name=roles.BUSINESS_GROUP).first()
    agency = Agency.objects.filter(actions__isnull=False).first()
    if business is None or agency is None:
        raise SystemExit("no load data: run generate_load_data first")
    stages = frozenset(s.value for s in (Stage.DAY_BEFORE, Stage.DUE_DAY, Stage.OVERDUE))
    queries = {
        "overdue actions, soonest first (Business Group)": selectors.action_list(
            user=business, filters={"overdue": True, "sort": "due"}, today=today
        )[:50],
        "one agency's actions in progress": selectors.action_list(
            user=business, filters={"agency": agency, "status": "in_progress"}, today=today
        )[:50],
        "the whole action plan, soonest first": selectors.action_list(user=business, filters={}, today=today)[
            :50
        ],
        "the sweep's actions at a reminder stage": deadlines.actions_at_a_stage(Day(today), stages),
    }
    open_actions = Action.objects.filter(status__in=["not_started", "in_progress"]).count()
    say(f"{Action.objects.count():,} actions, {open_actions:,} open")
    for title, queryset in queries.items():
        plan = queryset.explain(analyze=True)
        used = "index" if "Index" in plan else "NO INDEX"
        say()
        say(f"== {title}: {used}")
        say(plan)


if __name__ == "__main__":
    main()
