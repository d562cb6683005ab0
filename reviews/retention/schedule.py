"""The retention schedule, read from settings.CRAG_RETENTION, and the system check that refuses
an entry without its period or its source."""

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.conf import settings
from django.core import checks

ANONYMISE = "anonymise"
DESTROY = "destroy"

# The kinds of record the schedule must cover. The first four are applied by apply_retention;
# the others are listed in the schedule (and the run's report) but name no child: see KEPT.
APPLIED = ("incident_not_taken_forward", "rapid_review", "case_review", "review_document")
KINDS = (*APPLIED, "action_plan", "learning_record", "audit_entry", "notification")
KEPT = {
    "action_plan": "recommendations and actions name agencies, not children: nothing to anonymise",
    "learning_record": "learning events and resources name no child: nothing to anonymise",
    "audit_entry": "the application never changes or deletes audit entries; the database owner does",
    "notification": "reminders and emails belong to the notifications app, which sweeps its own",
}


@dataclass(frozen=True)
class Period:
    kind: str
    years: int
    after: str
    action: str
    source: str

    def due(self, ran_from: date) -> date:
        """The first day the period is over."""
        try:
            return ran_from.replace(year=ran_from.year + self.years)
        except ValueError:  # 29 February
            return ran_from.replace(year=ran_from.year + self.years, day=28)

    def is_over(self, ran_from: date, today: date) -> bool:
        return self.due(ran_from) <= today


def _problems(kind: str, entry: Any) -> list[str]:
    if not isinstance(entry, dict):
        return [f"{kind}: not a dict of years, after, action and source"]
    problems = []
    years = entry.get("years")
    if not isinstance(years, int) or isinstance(years, bool) or years < 1:
        problems.append(f"{kind}: no period (years must be a whole number of years, at least 1)")
    for key in ("after", "source"):
        if not str(entry.get(key) or "").strip():
            problems.append(f"{kind}: no '{key}' (say what the period runs from and where it comes from)")
    if entry.get("action") not in (ANONYMISE, DESTROY):
        problems.append(f"{kind}: action must be '{ANONYMISE}' or '{DESTROY}'")
    return problems


def problems(schedule: Any) -> list[str]:
    """What is wrong with a schedule: kinds missing, or an entry without period or source."""
    if not isinstance(schedule, dict):
        return ["CRAG_RETENTION is not a dict of kinds"]
    found = [f"{kind}: missing from the schedule" for kind in KINDS if kind not in schedule]
    for kind, entry in schedule.items():
        found += _problems(kind, entry)
    return found


def schedule() -> dict[str, Period]:
    """The schedule as periods (checked at start by check_retention_schedule)."""
    return {
        kind: Period(
            kind=kind,
            years=cast(int, entry["years"]),
            after=str(entry["after"]),
            action=str(entry["action"]),
            source=str(entry["source"]),
        )
        for kind, entry in settings.CRAG_RETENTION.items()
    }


def check_retention_schedule(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """crag.E-style check: the schedule names every kind, each with a period and its source."""
    return [
        checks.Error(problem, hint="See docs/retention.md.", id="reviews.E017")
        for problem in problems(getattr(settings, "CRAG_RETENTION", None))
    ]
