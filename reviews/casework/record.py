"""Writes to a review's record: its narrative, reviewer, life letters and reason for delay."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from crag import audit_entries, permissions
from crag.models import User
from reviews import clocks, validation
from reviews.choices import LifeLetterStage
from reviews.editing import versions
from reviews.models import Child, LifeLetter, Review, Theme

RECORD_FIELDS = (
    "terms_of_reference",
    "methodology",
    "family_engagement",
    "family_engagement_notes",
    "practitioner_engagement",
    "practitioner_engagement_notes",
)


@transaction.atomic
def review_update_record(
    *,
    actor: User,
    review: Review,
    title: str | None = None,
    cost_gbp: Decimal | None = None,
    themes: Iterable[Theme] | None = None,
    version: int | None = None,
    **record: Any,
) -> Review:
    """The narrative (the reviewer or CRAG); title, cost and themes (CRAG only)."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    permissions.require(permissions.can_edit_review_record(actor, review))
    versions.claim(review, version)
    for name in RECORD_FIELDS:
        if name in record:
            value = record[name]
            setattr(review, name, value.strip() if isinstance(value, str) else value)
    if permissions.can_do_crag_work(actor):
        if title is not None:
            review.title = title.strip()
        review.cost_gbp = cost_gbp
    review.full_clean()
    with audit_entries.one_entry(review, m2m=("themes",)):
        review.save()
        if themes is not None and permissions.can_do_crag_work(actor):
            review.themes.set(list(themes))
    return review


@transaction.atomic
def review_assign_reviewer(
    *, actor: User, review: Review, reviewer: User | None, version: int | None = None
) -> Review:
    """Appoint (or remove) the review's Independent reviewer; they then see only this review."""
    permissions.require(permissions.can_do_crag_work(actor))
    versions.claim(review, version)
    if reviewer is not None and not permissions.is_independent_reviewer(reviewer):
        raise ValidationError({"reviewer": "Choose a user in the Independent reviewer role."})
    review = Review.objects.select_for_update().get(pk=review.pk)
    review.reviewer = reviewer
    review.full_clean()
    review.save()
    return review


def _life_letter_dates(stage: str, dates: dict[str, date | None]) -> dict[str, str]:
    """Each stage needs its date; dates are in order and not in the future."""
    errors: dict[str, str] = {}
    needed = {
        LifeLetterStage.APPROVED: ["approved_on"],
        LifeLetterStage.GIVEN: ["approved_on", "given_on"],
        LifeLetterStage.SAVED_ON_FILE: ["approved_on", "given_on", "saved_on_file_on"],
    }.get(LifeLetterStage(stage), [])
    words = {
        "approved_on": "Enter the date the letter was approved",
        "given_on": "Enter the date the letter was given to the child",
        "saved_on_file_on": "Enter the date the letter was saved on file",
    }
    for name in needed:
        if dates.get(name) is None:
            errors[name] = words[name]
    for name, message in validation.future_dates(dates).items():
        errors.setdefault(name, message)
    order = [dates.get("approved_on"), dates.get("given_on"), dates.get("saved_on_file_on")]
    known = [d for d in order if d is not None]
    if not errors and known != sorted(known):
        errors["given_on"] = "The letter is approved, then given to the child, then saved on file."
    return errors


@transaction.atomic
def life_letter_record(
    *,
    actor: User,
    review: Review,
    child: Child,
    stage: str,
    approved_on: date | None = None,
    given_on: date | None = None,
    saved_on_file_on: date | None = None,
    notes: str = "",
    version: int | None = None,
) -> LifeLetter:
    """Record (or move on) the life letter to one of the review's children (a letter is part of
    the review's record: the review's version moves on)."""
    review = Review.objects.select_for_update().get(pk=review.pk)  # one writer of its letters at a time
    permissions.require(permissions.can_edit_review_record(actor, review))
    versions.claim(review, version)
    if not review.children.filter(pk=child.pk).exists():
        raise ValidationError({"child": "Choose one of the review's children."})
    dates = {"approved_on": approved_on, "given_on": given_on, "saved_on_file_on": saved_on_file_on}
    errors = _life_letter_dates(stage, dates)
    if errors:
        raise ValidationError(errors)
    # Saved once, created or changed: get_or_create then save() left two audit entries.
    letter = LifeLetter.objects.filter(review=review, child=child).first() or LifeLetter(
        review=review, child=child
    )
    letter.stage = stage
    letter.approved_on, letter.given_on, letter.saved_on_file_on = approved_on, given_on, saved_on_file_on
    letter.notes = notes.strip()
    letter.full_clean()
    letter.save()
    return letter


def is_past_target(review: Review, today: date) -> bool:
    """A CSPR whose six-month clock is open and overdue (clocks.CSPR_PUBLICATION)."""
    day = clocks.Day(today)
    clock = day.clock(clocks.CSPR_PUBLICATION, review)
    return clock is not None and day.read(clock).state == clocks.ClockState.OVERDUE


@transaction.atomic
def review_record_delay(
    *,
    actor: User,
    review: Review,
    delay_reason: str,
    delay_reason_sent_on: date | None = None,
    version: int | None = None,
) -> Review:
    """The reason for delay of a CSPR, and when it went to the Panel and the Secretary of State.
    It can be recorded at any time: a paused review often knows early that it will be late
    (Working Together: the reason is owed past the six months)."""
    permissions.require(permissions.can_do_crag_work(actor))
    versions.claim(review, version)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not clocks.CSPR_PUBLICATION.applies(review):
        raise ValidationError("A reason for delay is recorded for a CSPR, which has a six-month target.")
    if not delay_reason.strip():
        raise ValidationError({"delay_reason": "Record the reason for the delay."})
    validation.require_not_in_future(delay_reason_sent_on, field="delay_reason_sent_on")
    if validation.before_decision(delay_reason_sent_on, review):
        raise ValidationError({"delay_reason_sent_on": "The date cannot be before the decision."})
    review.delay_reason, review.delay_reason_sent_on = delay_reason.strip(), delay_reason_sent_on
    review.full_clean()
    review.save()
    return review
