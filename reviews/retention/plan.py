"""What the retention schedule asks for today: each record past its period, what is done to it
and why, and the records a legal hold keeps (reviews/retention/apply.py does it)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Model, Prefetch

from reviews.models import Child, Incident, LegalHold, RapidReview, Review, ReviewDocument
from reviews.retention.holds import Held, held
from reviews.retention.schedule import ANONYMISE, Period, schedule

# What a required free-text field says once anonymised; blank-allowed ones are emptied.
REMOVED = "(removed under the retention schedule)"

# The free text that may name a child, record by record: (field, blank allowed).
INCIDENT_TEXT = (("summary", True), ("late_reason", True))
RAPID_REVIEW_TEXT = (("decision_reasons", True),)
RAPID_REVIEW_PARTS = {"agency_summaries": "summary", "safety_actions": "description", "amendments": "text"}
REVIEW_TEXT = (
    ("family_engagement_notes", True),
    ("practitioner_engagement_notes", True),
    ("delay_reason", True),
)
REVIEW_PARTS = {"life_letters": "notes", "parallel_processes": "notes"}
CHILD_IDENTITY_KIND = "child_identity"
# A child's identity follows the records naming them: it goes when the last of them is over.
CHILD_PERIOD = Period(CHILD_IDENTITY_KIND, 0, "the last record naming the child", ANONYMISE, "its records")


@dataclass
class Step:
    """One record: what the schedule does to it (or would, but for a hold), and why."""

    kind: str
    action: str
    record: Model
    period: Period
    ran_from: date
    holds: list[LegalHold] = field(default_factory=list)

    @property
    def label(self) -> str:
        if isinstance(self.record, ReviewDocument):  # its file name may itself name a child
            kind, review = self.record.get_kind_display(), self.record.review_id
            return f"review document {self.record.pk} ({kind} of review {review})"
        return f"{self.record._meta.verbose_name} {self.record.pk} ({self.record})"

    @property
    def reason(self) -> str:
        if self.kind == CHILD_IDENTITY_KIND:
            return f"every record naming the child is past its period (the last on {self.ran_from:%d %B %Y})"
        return (
            f"{self.period.kind}: {self.period.years} years from {self.period.after}"
            f" ({self.ran_from:%d %B %Y}), over on {self.period.due(self.ran_from):%d %B %Y}"
        )

    @property
    def is_held(self) -> bool:
        return bool(self.holds)


def _cleared(value: object) -> bool:
    return value in (None, "", REMOVED)


def _pending_text(record: Model, fields: tuple[tuple[str, bool], ...]) -> bool:
    return any(not _cleared(getattr(record, name)) for name, _ in fields)


def _pending_parts(record: Model, parts: dict[str, str]) -> bool:
    return any(
        not _cleared(getattr(part, name))
        for rel, name in parts.items()
        for part in getattr(record, rel).all()
    )


def review_ended(review: Review) -> date | None:
    """What a case review's period runs from: its closure, publication or sign-off (the latest)."""
    ends = [d for d in (review.closed_on, review.published_on, review.signed_off_on) if d is not None]
    return max(ends) if ends else None


@dataclass
class Plan:
    steps: list[Step]
    today: date

    @property
    def due(self) -> list[Step]:
        return [step for step in self.steps if not step.is_held]

    @property
    def held(self) -> list[Step]:
        return [step for step in self.steps if step.is_held]


def _pending_rapid_review(rapid_review: RapidReview) -> bool:
    return _pending_text(rapid_review, RAPID_REVIEW_TEXT) or _pending_parts(rapid_review, RAPID_REVIEW_PARTS)


def _reviewed_steps(
    periods: dict[str, Period], today: date, incident: Incident, reviews: list[Review], found: list[LegalHold]
) -> list[Step]:
    """An incident a case review followed, and its Rapid Review, go with the last of its reviews."""
    ends = [review_ended(review) for review in reviews]
    period = periods["case_review"]
    if any(end is None for end in ends):
        return []
    ended = max(end for end in ends if end is not None)
    if not period.is_over(ended, today):
        return []
    steps = []
    if _pending_text(incident, INCIDENT_TEXT):
        steps.append(Step(period.kind, period.action, incident, period, ended, found))
    rapid_review: RapidReview | None = getattr(incident, "rapid_review", None)
    if rapid_review is not None and _pending_rapid_review(rapid_review):
        steps.append(Step(period.kind, period.action, rapid_review, period, ended, found))
    return steps


def _incident_steps(periods: dict[str, Period], today: date, holds: Held) -> list[Step]:
    steps = []
    for incident in Incident.objects.select_related("rapid_review").order_by("pk"):
        found = holds.incidents.get(incident.pk, [])
        reviews = list(Review.objects.filter(rapid_review__incident=incident))
        if reviews:
            steps += _reviewed_steps(periods, today, incident, reviews, found)
            continue
        rapid_review: RapidReview | None = getattr(incident, "rapid_review", None)
        if rapid_review is not None and rapid_review.signed_off_at is None:
            continue  # still being decided
        period = periods["incident_not_taken_forward"]
        if period.is_over(incident.aware_date, today) and _pending_text(incident, INCIDENT_TEXT):
            steps.append(Step(period.kind, period.action, incident, period, incident.aware_date, found))
        period = periods["rapid_review"]
        if rapid_review is None or rapid_review.signed_off_at is None:
            continue
        signed_off = rapid_review.signed_off_at.date()
        if period.is_over(signed_off, today) and _pending_rapid_review(rapid_review):
            steps.append(Step(period.kind, period.action, rapid_review, period, signed_off, found))
    return steps


def _review_steps(periods: dict[str, Period], today: date, holds: Held) -> list[Step]:
    steps = []
    reviews = Review.objects.prefetch_related(
        *REVIEW_PARTS, Prefetch("documents", queryset=ReviewDocument.objects.order_by("pk"))
    )
    for review in reviews.order_by("pk"):
        ended = review_ended(review)
        if ended is None:
            continue
        found = holds.reviews.get(review.pk, [])
        period = periods["case_review"]
        pending = _pending_text(review, REVIEW_TEXT) or _pending_parts(review, REVIEW_PARTS)
        if period.is_over(ended, today) and pending:
            steps.append(Step(period.kind, period.action, review, period, ended, found))
        period = periods["review_document"]
        if period.is_over(ended, today):
            steps += [
                Step(period.kind, period.action, d, period, ended, found) for d in review.documents.all()
            ]
    return steps


def _record_due(periods: dict[str, Period], today: date, incident: Incident) -> date | None:
    """When the incident, and whatever came of it, are all past their periods (None: never yet)."""
    reviews = list(Review.objects.filter(rapid_review__incident=incident))
    if not reviews:
        return periods["incident_not_taken_forward"].due(incident.aware_date)
    ends = [review_ended(review) for review in reviews]
    if any(end is None for end in ends):
        return None
    return max(periods["case_review"].due(end) for end in ends if end is not None)


def _child_steps(periods: dict[str, Period], today: date, holds: Held) -> list[Step]:
    """A child's identity is anonymised once every record naming them is past its period."""
    steps = []
    children = Child.objects.exclude(legal_name="", date_of_birth=None, address="", case_summary="")
    for child in children.prefetch_related("incidents", "reviews").order_by("pk"):
        dues: list[date | None] = [_record_due(periods, today, i) for i in child.incidents.all()]
        for review in child.reviews.all():
            ended = review_ended(review)
            dues.append(periods["case_review"].due(ended) if ended is not None else None)
        if not dues or any(due is None or due > today for due in dues):
            continue
        latest = max(due for due in dues if due is not None)
        found = holds.children.get(child.pk, [])
        steps.append(Step(CHILD_IDENTITY_KIND, ANONYMISE, child, CHILD_PERIOD, latest, found))
    return steps


def plan(today: date) -> Plan:
    """Every record the schedule anonymises or destroys today, in a stable order."""
    periods = schedule()
    holds = held()
    steps = _incident_steps(periods, today, holds) + _review_steps(periods, today, holds)
    steps += _child_steps(periods, today, holds)
    return Plan(steps=steps, today=today)
