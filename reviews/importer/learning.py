"""The learning events section of the "crag-records/1" import (DESIGN.md section 4, contract):
`{"ref", "kind", "title", "held_on", "attendees"|null, "themes": [slug]}`. Same guarantees as
reviews.importer.core, whose helpers this module uses and whose SECTIONS it fills.

An event may be dated in the future (a planned event). When CRAG already records the event's
attendance by agency, its number attending is their sum: a file that says otherwise is refused,
and a file that gives no number leaves the sum as it is.
"""

from typing import Any

from django.db.models import Sum

from reviews.choices import LearningEventKind
from reviews.importer.core import (
    SECTIONS,
    Field,
    Section,
    _BadValueError,
    _check,
    _choice,
    _date,
    _ref,
    _Run,
    _show,
    _text,
    _themes,
    _upsert,
)
from reviews.models import LearningEvent

MOST_ATTENDING = 100_000  # as the form: far above any event, far below what the database holds


def _attendees(run: _Run, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _BadValueError(f"{_show(value)} is not a whole number")
    if value < 0:
        raise _BadValueError(f"{value} is negative")
    if value > MOST_ATTENDING:
        raise _BadValueError(f"{value} is more than {MOST_ATTENDING}")
    return value


def _save_learning_event(run: _Run, label: str, v: dict[str, Any]) -> LearningEvent | None:
    existing = LearningEvent.objects.filter(ref=v["ref"]).first()
    by_agency = existing.attendance.aggregate(n=Sum("count"))["n"] if existing else None
    attendees = v["attendees"]
    if by_agency is not None:
        contradicts = attendees is not None and attendees != by_agency
        message = f"{attendees} is not the sum of the event's attendance by agency in CRAG ({by_agency})"
        if not _check(run, label, [(contradicts, "attendees", message)]):
            return None
        attendees = by_agency
    values = {"kind": v["kind"], "title": v["title"], "held_on": v["held_on"], "attendees": attendees}
    new = lambda: LearningEvent(ref=v["ref"])  # noqa: E731
    return _upsert(run, label, "learning_events", existing, new, values, {"themes": v["themes"]})


SECTIONS["learning_events"] = Section(
    (
        Field("ref", _ref),
        Field("kind", _choice(LearningEventKind)),
        Field("title", _text),
        Field("held_on", _date),
        Field("attendees", _attendees, nullable=True),
        Field("themes", _themes),
    ),
    _save_learning_event,
)
