"""The admin's calendar overrides, read for the clocks: the one place they come from.

The table belongs to the working-day calendar (layer 2 of DESIGN.md section 6) and lives in the
notifications app; it is looked up through Django's app registry so that the domain imports
nothing of notifications but `notifications.calendar`.
"""

from datetime import date

from django.apps import apps

from notifications.calendar import Overrides

HOLIDAY, WORKING_DAY = "holiday", "working_day"  # CalendarOverride.Kind's values


def calendar_overrides() -> Overrides:
    """Every calendar override, in one query."""
    table = apps.get_model("notifications", "CalendarOverride")
    by_kind: dict[str, set[date]] = {HOLIDAY: set(), WORKING_DAY: set()}
    for day, kind in table.objects.values_list("date", "kind"):
        by_kind[kind].add(day)
    return Overrides(
        extra_holidays=frozenset(by_kind[HOLIDAY]), extra_working_days=frozenset(by_kind[WORKING_DAY])
    )
