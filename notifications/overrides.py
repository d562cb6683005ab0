"""The one place the database meets the working-day calendar."""

from datetime import date

from notifications.calendar import Overrides
from notifications.models import CalendarOverride


def current_overrides() -> Overrides:
    """Every admin calendar override, read in one query."""
    by_kind: dict[str, set[date]] = {kind: set() for kind in CalendarOverride.Kind.values}
    for day, kind in CalendarOverride.objects.values_list("date", "kind"):
        by_kind[kind].add(day)
    return Overrides(
        extra_holidays=frozenset(by_kind[CalendarOverride.Kind.HOLIDAY]),
        extra_working_days=frozenset(by_kind[CalendarOverride.Kind.WORKING_DAY]),
    )
