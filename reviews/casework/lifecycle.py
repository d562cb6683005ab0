"""A review's status moves only along these transitions (DESIGN.md sections 2-3): each names who
may make it and what must be true first. Every move is recorded for the review's timeline."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crag import permissions
from crag.models import User
from reviews import validation
from reviews.choices import DocumentKind, NonPublicationReason, ReviewStatus
from reviews.editing import versions
from reviews.models import Meeting, ParallelProcess, Review, ReviewStatusChange

S = ReviewStatus


def _has_reviewer(review: Review) -> str:
    return "" if review.reviewer_id else "Assign the independent reviewer before commissioning the review."


def _has_active_process(review: Review) -> str:
    active = review.parallel_processes.filter(ended_on__isnull=True).exists()
    return "" if active else "Record the parallel process (an inquest, a trial...) holding the review up."


def _has_final_report(review: Review) -> str:
    present = review.documents.filter(kind=DocumentKind.FINAL_REPORT).exists()
    return "" if present else "Upload the final report before it is signed off."


def _publication_recorded(review: Review) -> str:
    if review.published_on is None or not review.publication_url:
        return "Record the publication date and web address first."
    blocking = review.parallel_processes.filter(ended_on__isnull=True, blocks_publication=True)
    if blocking.exists():
        return "A parallel process that holds up publication is still active."
    return ""


def _always(review: Review) -> str:
    return ""


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    verb: str  # the button's words
    allowed: Callable[[User], bool]
    ready: Callable[[Review], str] = _always  # "" when ready, else why not
    needs_note: bool = False
    # Closing a signed-off review without publishing it: a justification of a kind Working
    # Together allows, and the date it went to the Panel and the Secretary of State.
    needs_justification: bool = False


_crag = permissions.can_do_crag_work
_chair = permissions.can_sign_off

TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.SCOPING, S.COMMISSIONED, "Commission the review", _crag, _has_reviewer),
    Transition(S.SCOPING, S.CLOSED, "Close without a review", _crag, needs_note=True),
    Transition(S.COMMISSIONED, S.IN_PROGRESS, "Start the review", _crag),
    Transition(S.IN_PROGRESS, S.PAUSED, "Pause the review", _crag, _has_active_process, needs_note=True),
    Transition(S.PAUSED, S.IN_PROGRESS, "Resume the review", _crag),
    Transition(
        S.IN_PROGRESS,
        S.COMPLETED_AS_FAR_AS_POSSIBLE,
        "Mark completed as far as possible",
        _crag,
        _has_active_process,
        needs_note=True,
    ),
    Transition(
        S.PAUSED,
        S.COMPLETED_AS_FAR_AS_POSSIBLE,
        "Mark completed as far as possible",
        _crag,
        _has_active_process,
        needs_note=True,
    ),
    Transition(S.COMPLETED_AS_FAR_AS_POSSIBLE, S.IN_PROGRESS, "Resume the review", _crag),
    Transition(S.IN_PROGRESS, S.SIGNED_OFF, "Sign off the review", _chair, _has_final_report),
    Transition(
        S.COMPLETED_AS_FAR_AS_POSSIBLE, S.SIGNED_OFF, "Sign off the review", _chair, _has_final_report
    ),
    Transition(S.SIGNED_OFF, S.PUBLISHED, "Mark as published", _crag, _publication_recorded),
    Transition(
        S.SIGNED_OFF, S.CLOSED, "Close without publishing", _chair, needs_note=True, needs_justification=True
    ),
    Transition(S.PUBLISHED, S.CLOSED, "Close the review", _crag),
)


def transitions_from(review: Review, user: User) -> list[tuple[Transition, str]]:
    """The moves this user could make now, each with why it is not yet possible ("" when it is)."""
    return [(t, t.ready(review)) for t in TRANSITIONS if t.source == review.status and t.allowed(user)]


def find(source: str, target: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == source and t.target == target), None)


def _justification_errors(
    review: Review, on: date, justification: str, sent_on: date | None, today: date
) -> dict[str, str]:
    """What is wrong with a justification for not publishing (Working Together)."""
    errors: dict[str, str] = {}
    if justification not in NonPublicationReason.values:
        errors["justification"] = "Choose why the report is not published."
    if sent_on is None:
        errors["justification_sent_on"] = (
            "Enter the date the justification was sent to the Panel and the Secretary of State."
        )
    elif validation.in_future(sent_on, today):
        errors["justification_sent_on"] = validation.FUTURE_DATE
    elif review.signed_off_on is not None and sent_on < review.signed_off_on:
        errors["justification_sent_on"] = "The date cannot be before the review was signed off."
    return errors


def _move_errors(review: Review, transition: Transition, on: date, note: str, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if validation.in_future(on, today):
        errors["on"] = validation.FUTURE_DATE
    elif validation.before_decision(on, review):
        errors["on"] = validation.BEFORE_DECISION
    if transition.needs_note and not note.strip():
        errors["note"] = "Say why."
    return errors


@transaction.atomic
def review_move(
    *,
    actor: User,
    review: Review,
    to: str,
    on: date | None = None,
    note: str = "",
    justification: str = "",
    justification_sent_on: date | None = None,
    version: int | None = None,
    meeting: Meeting | None = None,
) -> Review:
    """Move the review to status `to` if a transition allows it, the actor may make it and the
    review is ready; record the move. Signing off records who and when; closing records the day
    (its clocks are complete from then) and, for a signed-off review not published, the
    justification Working Together allows and the day it was sent. `version`: as for every edit
    (reviews/editing/versions.py), the review as the user saw it. `meeting`: the CRAG meeting
    where the move was decided (its minutes), kept on the recorded move."""
    versions.claim(review, version)
    review = Review.objects.select_for_update().get(pk=review.pk)
    transition = find(review.status, to)
    if transition is None:
        raise ValidationError(
            f"A review that is {review.get_status_display().lower()} cannot become "
            f"{ReviewStatus(to).label.lower() if to in ReviewStatus.values else to}."
        )
    permissions.require(transition.allowed(actor))
    today = timezone.localdate()
    on = on or today
    errors = _move_errors(review, transition, on, note, today)
    if transition.needs_justification:
        errors |= _justification_errors(review, on, justification, justification_sent_on, today)
    if errors:
        raise ValidationError(errors)
    why_not = transition.ready(review)
    if why_not:
        raise ValidationError(why_not)
    previous = review.status
    review.status = to
    if to == S.COMMISSIONED:
        review.commissioned_on = on
    if to == S.SIGNED_OFF:
        review.signed_off_on, review.signed_off_by = on, actor
    if to == S.CLOSED:
        review.closed_on = on
    if transition.needs_justification:
        review.non_publication_reason, review.non_publication_sent_on = justification, justification_sent_on
    review.full_clean()
    review.save()
    ReviewStatusChange.objects.create(
        review=review,
        from_status=previous,
        to_status=to,
        on=on,
        changed_by=actor,
        note=note.strip(),
        meeting=meeting,
    )
    return review


@transaction.atomic
def parallel_process_add(
    *,
    actor: User,
    review: Review,
    kind: str,
    started_on: date,
    blocks_family_contact: bool = False,
    blocks_practitioner_interviews: bool = False,
    blocks_publication: bool = False,
    notes: str = "",
) -> ParallelProcess:
    """Record a process running alongside the review and what it holds up."""
    permissions.require(permissions.can_do_crag_work(actor))
    validation.require_not_in_future(
        started_on, field="started_on", message="The start date cannot be in the future."
    )
    process = ParallelProcess(
        review=review,
        kind=kind,
        started_on=started_on,
        blocks_family_contact=blocks_family_contact,
        blocks_practitioner_interviews=blocks_practitioner_interviews,
        blocks_publication=blocks_publication,
        notes=notes.strip(),
    )
    process.full_clean()
    process.save()
    return process


@transaction.atomic
def review_pause(
    *,
    actor: User,
    review: Review,
    kind: str,
    started_on: date,
    note: str,
    version: int | None = None,
    **blocks: bool,
) -> Review:
    """Pause for a parallel process: the process and the pause are recorded together, or neither."""
    permissions.require(permissions.can_do_crag_work(actor))
    versions.claim(review, version)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if find(review.status, S.PAUSED) is None:
        raise ValidationError(f"A review that is {review.get_status_display().lower()} cannot be paused.")
    parallel_process_add(actor=actor, review=review, kind=kind, started_on=started_on, notes=note, **blocks)
    return review_move(actor=actor, review=review, to=S.PAUSED, note=note)


@transaction.atomic
def parallel_process_end(
    *, actor: User, process: ParallelProcess, ended_on: date, version: int | None = None
) -> ParallelProcess:
    """Record the end of a process (the review's version moves on). A paused review stays paused
    until someone resumes it."""
    permissions.require(permissions.can_do_crag_work(actor))
    versions.claim(process.review, version)
    process = ParallelProcess.objects.select_for_update().get(pk=process.pk)
    if process.ended_on is not None:
        raise ValidationError("This process has already ended.")
    validation.require_not_in_future(
        ended_on, field="ended_on", message="The end date cannot be in the future."
    )
    if ended_on < process.started_on:
        raise ValidationError({"ended_on": "The end date cannot be before the process started."})
    process.ended_on = ended_on
    process.full_clean()
    process.save()
    return process
