"""The registry: every clock, written out in one list, and the day they are read on.

Everything that shows or enforces a clock reads it through a Day: the incident, Rapid Review and
review pages, the dashboard, the deadlines page, the calendar feed, the sweep, the annual report's
timeliness figures and `manage.py deadlines`. A Day reads the admin's calendar overrides itself,
so no reader can count working days without them.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from notifications.calendar import Overrides
from reviews.clocks.annual_report import ANNUAL_REPORT, ReportingYear, reporting_years
from reviews.clocks.casework import ACTION_DUE, REVIEW_CLOCKS
from reviews.clocks.contributions import CONTRIBUTION_DUE
from reviews.clocks.definition import ClockDefinition, Listing
from reviews.clocks.impact import ASSURANCE_DUE, RESOURCE_USE_DUE
from reviews.clocks.incidents import INCIDENT_CLOCKS, RAPID_REVIEW_CLOCKS, rapid_review_of
from reviews.clocks.meetings import MEETING_ACTION_DUE, PROGRESS_CHECK
from reviews.clocks.overrides import calendar_overrides
from reviews.clocks.referrals import REFERRAL_SCREENING
from reviews.clocks.timing import Clock, ClockReading, ClockState, open_state, read_clock
from reviews.models import (
    Action,
    AssuranceActivity,
    Child,
    ContributionRequest,
    Dissemination,
    Incident,
    MeetingAction,
    RapidReview,
    Referral,
    ResourceUse,
    Review,
)

# Every clock of DESIGN.md section 2, in the order pages list them. Adding a clock is one entry
# here (and its definition and tests).
REGISTRY: tuple[ClockDefinition, ...] = (
    REFERRAL_SCREENING,
    *INCIDENT_CLOCKS,
    *RAPID_REVIEW_CLOCKS,
    *REVIEW_CLOCKS,
    PROGRESS_CHECK,
    ACTION_DUE,
    CONTRIBUTION_DUE,
    MEETING_ACTION_DUE,
    RESOURCE_USE_DUE,
    ASSURANCE_DUE,
    ANNUAL_REPORT,
)
BY_KEY = {definition.key: definition for definition in REGISTRY}  # keys are unique (tested)


def _children() -> "Prefetch[Any]":
    return Prefetch("children", queryset=Child.objects.only("id", "pseudonym"))


def incident_records() -> QuerySet[Incident]:
    return Incident.objects.select_related("rapid_review").prefetch_related(_children())


def rapid_review_records() -> QuerySet[RapidReview]:
    return RapidReview.objects.select_related("incident").prefetch_related(
        Prefetch("incident__children", queryset=Child.objects.only("id", "pseudonym"))
    )


def review_records() -> QuerySet[Review]:
    return Review.objects.all()


def action_records() -> QuerySet[Action]:
    return Action.objects.select_related("recommendation__review", "recommendation__external_review").only(
        "id",
        "ref",
        "description",
        "due_on",
        "status",
        "completed_on",
        "created_at",
        "owner_agency_id",
        "recommendation__number",
        "recommendation__review__title",
        "recommendation__external_review_id",
        "recommendation__external_review__title",
    )


def contribution_records() -> QuerySet[ContributionRequest]:
    return ContributionRequest.objects.select_related("agency", "rapid_review__incident", "review")


def referral_records() -> QuerySet[Referral]:
    return Referral.objects.select_related("referring_agency")


def meeting_action_records() -> QuerySet[MeetingAction]:
    return MeetingAction.objects.select_related("meeting")


def dissemination_records() -> QuerySet[Dissemination]:
    uses = ResourceUse.objects.only("id", "dissemination_id", "recorded_at")
    return Dissemination.objects.select_related("resource", "agency").prefetch_related(
        Prefetch("uses", queryset=uses)
    )


def assurance_records() -> QuerySet[AssuranceActivity]:
    return AssuranceActivity.objects.all()


# The records each kind of clock belongs to, and how to read them with what their listing needs.
RECORDS: dict[type[Any], Any] = {
    Incident: incident_records,
    RapidReview: rapid_review_records,
    Review: review_records,
    Action: action_records,
    ContributionRequest: contribution_records,
    Referral: referral_records,
    MeetingAction: meeting_action_records,
    Dissemination: dissemination_records,
    AssuranceActivity: assurance_records,
}


def of_model(model: type[Any]) -> tuple[ClockDefinition, ...]:
    return tuple(d for d in REGISTRY if d.model is model)


@dataclass(frozen=True)
class OpenClock:
    """One clock of one record, open on a day."""

    definition: ClockDefinition
    record: Any
    clock: Clock
    day: date

    @cached_property
    def listing(self) -> Listing:
        return self.definition.listing(self.record)

    @property
    def state(self) -> ClockState:
        return open_state(self.clock.due, self.day)

    @property
    def title(self) -> str:
        return f"{self.definition.label}: {self.listing.title}"

    def as_contract(self) -> dict[str, Any]:
        """The object of `manage.py deadlines --format json` (DESIGN.md section 2, `contract`)."""
        listing = self.listing
        return {
            "subject": listing.subject,
            "ref": listing.ref,
            "id": listing.id,
            "clock": self.definition.key,
            "due": self.clock.due.isoformat(),
            "state": self.state.value,
        }

    def order(self) -> tuple[Any, ...]:
        """Due date, then subject (then record and clock, so that the order is total)."""
        return (self.clock.due, self.listing.subject, self.listing.id, self.definition.key)


class Day:
    """The clocks as read on one day, on the admin's working-day calendar."""

    def __init__(self, on: date) -> None:
        self.on = on
        self.overrides = calendar_overrides()

    @classmethod
    def counting_on(cls, on: date, overrides: Overrides) -> "Day":
        """A day on a calendar already read (tests of the pure rules, and readers of many days)."""
        day = cls.__new__(cls)
        day.on, day.overrides = on, overrides
        return day

    # --- One record's clocks ---------------------------------------------------------------------

    def clock(self, definition: ClockDefinition, record: Any) -> Clock | None:
        return definition.clock(record, day=self.on, overrides=self.overrides)

    def read(self, clock: Clock) -> ClockReading:
        return read_clock(clock, today=self.on, overrides=self.overrides)

    def reading(self, definition: ClockDefinition, record: Any) -> ClockReading | None:
        """The clock's reading, or None where it does not apply to the record."""
        clock = self.clock(definition, record)
        return self.read(clock) if clock is not None else None

    def readings(self, record: Any, definitions: Iterable[ClockDefinition]) -> list[ClockReading]:
        found = (self.reading(d, record) for d in definitions)
        return [reading for reading in found if reading is not None]

    def incident_readings(self, incident: Incident) -> list[ClockReading]:
        """The incident's clocks and, once it is sent, the Panel's response to its Rapid Review."""
        readings = self.readings(incident, INCIDENT_CLOCKS)
        rapid_review = rapid_review_of(incident)
        if rapid_review is not None:
            rapid_review.incident = incident
            readings += self.readings(rapid_review, RAPID_REVIEW_CLOCKS)
        return readings

    def review_readings(self, review: Review) -> list[ClockReading]:
        return self.readings(review, REVIEW_CLOCKS)

    # --- Every open clock ------------------------------------------------------------------------

    def open_clocks(
        self,
        definitions: Iterable[ClockDefinition] = REGISTRY,
        *,
        history: bool = False,
        records: dict[type[Any], Any] | None = None,
    ) -> Iterator[OpenClock]:
        """Every clock open on the day. With `history`, only records that existed on the day
        count (`manage.py deadlines --as-of`); without, every record as it stands (the pages and
        the sweep: today). `records` narrows the candidates of a model (the sweep's actions)."""
        wanted = tuple(definitions)
        for model in dict.fromkeys(d.model for d in wanted):
            mine = tuple(d for d in wanted if d.model is model)
            for record in self._candidates(model, mine, history, (records or {}).get(model)):
                for definition in mine:
                    is_open = definition.is_open if history else definition.is_running
                    if not is_open(record, self.on):
                        continue
                    clock = self.clock(definition, record)
                    if clock is not None:
                        yield OpenClock(definition, record, clock, self.on)

    def _candidates(
        self, model: type[Any], definitions: tuple[ClockDefinition, ...], history: bool, given: Any
    ) -> Iterable[Any]:
        if model is ReportingYear:
            return reporting_years(self.on)
        wanted = Q()
        for definition in definitions:
            wanted |= definition.open_q(self.on) if history else definition.running_q(self.on)
        source: QuerySet[Any] = given if given is not None else RECORDS[model]()
        # No ORDER BY: through a server-side cursor PostgreSQL plans for the first rows, and an
        # order would have it walk the whole primary key to find the few candidates.
        return source.filter(wanted).order_by().iterator(chunk_size=2000)

    def current_clocks(self, definition: ClockDefinition, ids: Iterable[int]) -> dict[int, Clock | None]:
        """The clocks of these records as they stand (None: it no longer applies, or the record
        is gone), for withdrawing reminders made for a due date that is no longer current."""
        ids = list(ids)
        if definition.model is ReportingYear:
            years = {year.pk: year for year in reporting_years(self.on)}
            return {pk: self.clock(definition, years[pk]) if pk in years else None for pk in ids}
        found = {record.pk: record for record in RECORDS[definition.model]().filter(pk__in=ids)}
        return {pk: self.clock(definition, found[pk]) if pk in found else None for pk in ids}
