"""The learning events section of the "crag-records/1" import (DESIGN.md section 4, contract):
`{"ref", "kind", "title", "held_on", "attendees"|null, "themes": [slug]}`. Built from the
helpers of reviews.importer.section; reviews.importer.run lists it last.

An event may be dated in the future (a planned event). When CRAG already records the event's
attendance by agency, its number attending is their sum: a file that says otherwise is refused,
and a file that gives no number leaves the sum as it is.
"""

from typing import Any

from django.db.models import Sum

from reviews.choices import LearningEventKind
from reviews.importer.section import (
    BadValueError,
    Field,
    Run,
    Section,
    choice_of,
    consistent,
    parse_date,
    parse_ref,
    parse_text,
    parse_themes,
    show,
    upsert,
)
from reviews.models import LearningEvent

MOST_ATTENDING = 100_000  # as the form: far above any event, far below what the database holds


def _attendees(run: Run, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadValueError(f"{show(value)} is not a whole number")
    if value < 0:
        raise BadValueError(f"{value} is negative")
    if value > MOST_ATTENDING:
        raise BadValueError(f"{value} is more than {MOST_ATTENDING}")
    return value


def _save_learning_event(run: Run, label: str, v: dict[str, Any]) -> LearningEvent | None:
    existing = LearningEvent.objects.filter(ref=v["ref"]).first()
    by_agency = existing.attendance.aggregate(n=Sum("count"))["n"] if existing else None
    attendees = v["attendees"]
    if by_agency is not None:
        contradicts = attendees is not None and attendees != by_agency
        message = f"{attendees} is not the sum of the event's attendance by agency in CRAG ({by_agency})"
        if not consistent(run, label, [(contradicts, "attendees", message)]):
            return None
        attendees = by_agency
    values = {"kind": v["kind"], "title": v["title"], "held_on": v["held_on"], "attendees": attendees}
    new = lambda: LearningEvent(ref=v["ref"])  # noqa: E731
    return upsert(run, label, "learning_events", existing, new, values, {"themes": v["themes"]})


LEARNING_EVENTS = Section(
    (
        Field("ref", parse_ref),
        Field("kind", choice_of(LearningEventKind)),
        Field("title", parse_text),
        Field("held_on", parse_date),
        Field("attendees", _attendees, nullable=True),
        Field("themes", parse_themes),
    ),
    _save_learning_event,
)
