"""What a reporting year of load data holds (its volumes at scale 1, in proportion for the open
year), the "load-" prefix every load case record carries, and the dates and times rows are given."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time

from django.utils import timezone

PREFIX = "load-"

# What one reporting year holds at scale 1: a mid-sized partnership (the source report's order of
# magnitude, rounded). `--scale` multiplies every figure.
BASE_VOLUMES: dict[str, int] = {
    "incidents": 60,
    "rapid_reviews": 40,
    "reviews": 15,
    "reviews_from_rapid_reviews": 12,
    "recommendations": 120,
    "actions": 600,
    "action_updates": 2000,
    "learning_events": 40,
}


def reporting_year(day: date) -> int:
    """Y for the reporting year Y/Y+1 that holds `day` (1 April to 31 March)."""
    return day.year if day.month >= 4 else day.year - 1


def days(n: int) -> timedelta:
    return timedelta(days=n)


def at(day: date, hour: int = 10) -> datetime:
    """A working-hours time on `day`, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, clock_time(hour, 0)))


@dataclass(frozen=True)
class YearPlan:
    """How many of each record reporting year `year` holds; the open year in proportion to its days."""

    year: int
    start: date
    end: date
    counts: dict[str, int]

    @classmethod
    def of(cls, year: int, *, as_of: date, scale: float, base: dict[str, int]) -> "YearPlan | None":
        start, full_end = date(year, 4, 1), date(year + 1, 3, 31)
        end = min(full_end, as_of)
        if end < start:
            return None
        share = ((end - start).days + 1) / ((full_end - start).days + 1)
        return cls(year, start, end, {key: round(value * scale * share) for key, value in base.items()})
