"""A decision minuted at a meeting is also written on the record it decides, through that record's
own service (so every rule of the record holds), and links back to the meeting.

All or nothing: when the record's service refuses, no decision is minuted either.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from crag import permissions
from crag.models import User
from reviews.casework import lifecycle
from reviews.choices import MeetingDecisionKind as Kind
from reviews.clocks.meetings import IN_PROGRESS
from reviews.editing import versions
from reviews.incidents import rapid_reviews
from reviews.meetings.minutes import require_editable
from reviews.models import AgendaItem, MeetingDecision, RapidReview, Referral, Review

RAPID_REVIEW_FIELDS = ("meets_cspr_criteria", "complex_or_national_importance", "decision_reasons")
# Which record each kind decides (the agenda item's, unless the payload names another).
RECORD_OF = {
    Kind.RAPID_REVIEW_DECISION: "rapid_review",
    Kind.REVIEW_TRANSITION: "review",
    Kind.PROGRESS_CHECKED: "review",
    Kind.SCREENING: "referral",
}
NO_RECORD = {
    "rapid_review": "This item is not about a Rapid Review.",
    "review": "This item is not about a review.",
    "referral": "This item is not about a referral.",
}


@transaction.atomic
def review_progress_checked(*, actor: User, review: Review, on: date) -> Review:
    """Record that CRAG checked the review's progress on `on`: the progress_check clock starts
    again from that day."""
    permissions.require(permissions.can_do_crag_work(actor))
    versions.claim(review, None)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status not in IN_PROGRESS:
        raise ValidationError("Only a review in progress has its progress checked.")
    if review.progress_checked_on and on < review.progress_checked_on:
        raise ValidationError(f"Its progress was already checked on {review.progress_checked_on:%-d %B %Y}.")
    review.progress_checked_on = on
    review.full_clean()
    review.save()
    return review


def record_of(item: AgendaItem, kind: str, payload: dict[str, Any]) -> Any:
    """The record a decision of `kind` under `item` is written on, or None for text only."""
    field = RECORD_OF.get(Kind(kind)) if kind in Kind.values else None
    if field is None:
        return None
    record = payload.get(field) or getattr(item, field)
    if record is None:
        raise ValidationError({"kind": NO_RECORD[field]})
    return record


def _write(actor: User, item: AgendaItem, kind: str, record: Any, payload: dict[str, Any]) -> None:
    """Write the decision on its record through the record's own service."""
    meeting = item.meeting
    if kind == Kind.RAPID_REVIEW_DECISION:
        fields = {name: payload[name] for name in RAPID_REVIEW_FIELDS if name in payload}
        if fields.get("meets_cspr_criteria") is None:
            raise ValidationError({"meets_cspr_criteria": "Say whether the case meets the criteria."})
        rapid_reviews.rapid_review_update(actor=actor, rapid_review=record, fields=fields)
    elif kind == Kind.REVIEW_TRANSITION:
        if not payload.get("to"):
            raise ValidationError({"to": "Choose what the review moves on to."})
        lifecycle.review_move(
            actor=actor,
            review=record,
            to=str(payload["to"]),
            on=meeting.held_on,
            note=str(payload.get("note", "")),
            justification=str(payload.get("justification", "")),
            justification_sent_on=payload.get("justification_sent_on"),
            meeting=meeting,
        )
    elif kind == Kind.PROGRESS_CHECKED:
        review_progress_checked(actor=actor, review=record, on=meeting.held_on)
    elif kind == Kind.SCREENING:
        from reviews.referrals.services import referral_screen  # the referrals' own service

        referral_screen(
            actor=actor,
            referral=record,
            decision=str(payload.get("decision") or ""),
            reason=str(payload.get("reason", "")),
            meeting=meeting,
        )


@transaction.atomic
def decision_record(
    *, actor: User, item: AgendaItem, kind: str, text: str, **payload: Any
) -> MeetingDecision:
    """Minute a decision under the item and write it on the record it decides: a Rapid Review's
    decision (meets_cspr_criteria, complex_or_national_importance, decision_reasons), a review's
    move (to, note, and for closing unpublished its justification), a review's progress check,
    a referral's screening (decision, reason); `other` is text only."""
    permissions.require(permissions.can_minute_meetings(actor))
    item = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
    require_editable(item.meeting)
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose what kind of decision it is."})
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the decision as it is minuted."})
    record = record_of(item, kind, payload)
    _write(actor, item, kind, record, payload)
    decision = MeetingDecision(item=item, kind=kind, text=text, recorded_by=actor)
    if isinstance(record, RapidReview):
        decision.rapid_review = record
    elif isinstance(record, Review):
        decision.review = record
    elif isinstance(record, Referral):
        decision.referral = record
    else:  # text only: still linked to the item's record, so the record shows where it was discussed
        decision.rapid_review, decision.review = item.rapid_review, item.review
        decision.referral = item.referral
    decision.full_clean()
    decision.save()
    return decision
