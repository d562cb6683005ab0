"""The chronology section of the "crag-records/1" import (issue 18): an agency's chronology rows
for a Rapid Review or a review, by the agency's ref in the file (or its name in CRAG):
`{"ref", "rapid_review"|"review": ref, "agency", "date", "precision", "time", "source",
"what_happened", "significance", "key_practice_episode"}`.

Rows are kept under the agency's chronology request for the case. A partnership's history has no
request: one is made for it, already accepted on the day of the import (its clock is done).
"""

import re
from datetime import time
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from crag.models import Agency
from reviews.choices import ContributionKind, ContributionStatus, DatePrecision
from reviews.importer.section import (
    BadValueError,
    Field,
    Run,
    Section,
    choice_of,
    consistent,
    parse_boolean,
    parse_date,
    parse_note,
    parse_ref,
    parse_text,
    reference_to,
    show,
    upsert,
)
from reviews.models import ChronologyEntry, ContributionRequest, RapidReview, Review
from reviews.validation import FUTURE_DATE, in_future

CLOCK_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def parse_time(run: Run, value: Any) -> time:
    if isinstance(value, str) and (found := CLOCK_TIME.fullmatch(value)):
        return time(int(found.group(1)), int(found.group(2)))
    raise BadValueError(f"{show(value)} is not a time of day (HH:MM, 24-hour clock)")


def _request_for(case: dict[str, Any], agency: Agency) -> ContributionRequest:
    """The agency's chronology request for the case: the latest there is, or a new one, accepted
    today (imported history was never asked for in CRAG)."""
    found = ContributionRequest.objects.filter(kind=ContributionKind.CHRONOLOGY, agency=agency, **case)
    existing = found.order_by("-id").first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    request = ContributionRequest(
        agency=agency,
        kind=ContributionKind.CHRONOLOGY,
        requested_on=today,
        due_on=today,
        status=ContributionStatus.ACCEPTED,
        submitted_on=today,
        accepted_on=today,
        **case,
    )
    request.full_clean()
    request.save()
    return request


def _save_entry(run: Run, label: str, v: dict[str, Any]) -> ChronologyEntry | None:
    rapid_review: RapidReview | None = v["rapid_review"]
    review: Review | None = v["review"]
    occurred_on = v["date"]
    checks = [
        (
            (rapid_review is None) == (review is None),
            "review",
            "give either rapid_review or review, not both",
        ),
        (in_future(occurred_on), "date", FUTURE_DATE),
    ]
    if not consistent(run, label, checks):
        return None
    existing = ChronologyEntry.objects.filter(ref=v["ref"]).select_related("request").first()
    case = {"rapid_review": rapid_review} if rapid_review is not None else {"review": review}
    try:
        request = _request_for(case, v["agency"])
    except ValidationError as exc:
        run.error(label, None, "; ".join(exc.messages))
        return None
    values = {
        "request": request,
        "occurred_on": occurred_on,
        "precision": v["precision"],
        "occurred_at": v["time"],
        "source": v["source"],
        "what_happened": v["what_happened"],
        "significance": v["significance"] or "",
        "key_practice_episode": bool(v["key_practice_episode"]),
    }
    return upsert(run, label, "chronology", existing, lambda: ChronologyEntry(ref=v["ref"]), values)


CHRONOLOGY = Section(
    (
        Field("ref", parse_ref),
        Field("rapid_review", reference_to("rapid_reviews", "rapid review"), nullable=True),
        Field("review", reference_to("reviews", "review"), nullable=True),
        Field("agency", reference_to("agencies", "agency")),
        Field("date", parse_date),
        Field("precision", choice_of(DatePrecision)),
        Field("time", parse_time, nullable=True),
        Field("source", parse_text),
        Field("what_happened", parse_text),
        Field("significance", parse_note, nullable=True),
        Field("key_practice_episode", parse_boolean, nullable=True),
    ),
    _save_entry,
)
