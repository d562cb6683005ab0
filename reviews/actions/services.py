"""Writes to recommendations and their actions: the multi-agency action plans (DESIGN.md s.3)."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from crag import permissions
from crag.models import Agency, User
from reviews import validation
from reviews.casework import lifecycle
from reviews.choices import ActionStatus, Rag, ReviewStatus
from reviews.editing import versions
from reviews.models import Action, ActionUpdate, Recommendation, Review


def _may_update(actor: User, action: Action) -> bool:
    """CRAG and the Business Group update any action; an agency lead only their agency's."""
    if permissions.can_see_all_actions(actor):
        return True
    return bool(permissions.is_agency_action_lead(actor)) and actor.agency_id == action.owner_agency_id


@transaction.atomic
def recommendation_create(
    *, actor: User, review: Review, text: str, agencies: Iterable[Agency], priority: str = ""
) -> Recommendation:
    """Add the review's next numbered recommendation (CRAG, or the review's own reviewer)."""
    permissions.require(permissions.can_edit_review_record(actor, review))
    Review.objects.select_for_update().get(pk=review.pk)  # numbers are given one at a time
    number = (Recommendation.objects.filter(review=review).aggregate(n=Max("number"))["n"] or 0) + 1
    recommendation = Recommendation(
        review=review, number=number, text=text.strip(), priority=priority.strip()
    )
    recommendation.full_clean()
    recommendation.save()
    recommendation.agencies.set(list(agencies))
    return recommendation


@transaction.atomic
def action_create(
    *,
    actor: User,
    recommendation: Recommendation,
    description: str,
    owner_agency: Agency,
    due_on: date,
    owner_name: str = "",
) -> Action:
    """Give an agency an action on a recommendation, with its due date."""
    permissions.require(permissions.can_do_crag_work(actor))
    action = Action(
        recommendation=recommendation,
        description=description.strip(),
        owner_agency=owner_agency,
        owner_name=owner_name.strip(),
        due_on=due_on,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_record_progress(
    *,
    actor: User,
    action: Action,
    text: str,
    status: str,
    completed_on: date | None = None,
    evidence: str = "",
    version: int | None = None,
) -> Action:
    """A dated progress note by its author; the owner may also move the status on. Closing is the
    Business Group's (action_close)."""
    permissions.require(_may_update(actor, action))
    versions.claim(action, version)
    action = Action.objects.select_for_update().get(pk=action.pk)
    if status == ActionStatus.CLOSED:
        raise ValidationError({"status": "Only the Business Group closes an action, with its evidence."})
    if action.status == ActionStatus.CLOSED:
        raise ValidationError("This action is closed.")
    if status == ActionStatus.COMPLETE and completed_on is None:
        raise ValidationError({"completed_on": "Enter the date the action was completed."})
    validation.require_not_in_future(completed_on, field="completed_on")
    action.status = status
    action.completed_on = completed_on if status == ActionStatus.COMPLETE else None
    action.evidence = evidence.strip() or action.evidence
    action.full_clean()
    action.save()
    if text.strip():
        ActionUpdate.objects.create(action=action, author=actor, text=text.strip())
    return action


@transaction.atomic
def action_rate(*, actor: User, action: Action, rag: str, comment: str, version: int | None = None) -> Action:
    """The Business Group's RAG rating, with the comment that explains it."""
    permissions.require(permissions.can_rate_actions(actor))
    if rag not in Rag.values:
        raise ValidationError({"rag": "Choose red, amber or green."})
    if not comment.strip():
        raise ValidationError({"comment": "Explain the rating."})
    versions.claim(action, version)
    action = Action.objects.select_for_update().get(pk=action.pk)
    action.rag, action.rag_comment = rag, comment.strip()
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_close(
    *,
    actor: User,
    action: Action,
    evidence: str,
    completed_on: date | None = None,
    version: int | None = None,
) -> Action:
    """The Business Group closes an action, only with evidence of its impact."""
    permissions.require(permissions.can_rate_actions(actor))
    versions.claim(action, version)
    action = Action.objects.select_for_update().get(pk=action.pk)
    evidence = evidence.strip() or action.evidence
    if not evidence:
        raise ValidationError({"evidence": "Record the evidence of impact before closing the action."})
    action.status = ActionStatus.CLOSED
    action.evidence = evidence
    action.completed_on = action.completed_on or completed_on or timezone.localdate()
    action.full_clean()
    action.save()
    return action


PUBLICATION_FIELDS = (
    "planned_publication_on",
    "panel_notice_on",
    "secretary_of_state_notice_on",
    "ofsted_notice_on",
    "published_on",
    "publication_url",
)


@transaction.atomic
def review_record_publication(
    *, actor: User, review: Review, version: int | None = None, **fields: object
) -> Review:
    """Record the pre-publication notices and the publication; publishing sets the status."""
    permissions.require(permissions.can_do_crag_work(actor))
    versions.claim(review, version)
    review = Review.objects.select_for_update().get(pk=review.pk)
    errors = {}
    today = timezone.localdate()
    for name in PUBLICATION_FIELDS:
        value = fields.get(name)
        if name != "planned_publication_on" and validation.in_future(value, today):
            errors[name] = validation.FUTURE_DATE
        if validation.before_decision(value, review):
            errors[name] = validation.BEFORE_DECISION
    if errors:
        raise ValidationError(errors)
    for name in PUBLICATION_FIELDS:
        if name in fields:
            setattr(
                review,
                name,
                fields[name] if fields[name] is not None else (None if name != "publication_url" else ""),
            )
    published = review.published_on is not None
    after_sign_off = (ReviewStatus.SIGNED_OFF, ReviewStatus.PUBLISHED, ReviewStatus.CLOSED)
    if published and review.status not in after_sign_off:
        raise ValidationError({"published_on": "A review is published only after the chair signs it off."})
    if published and review.signed_off_on and review.published_on < review.signed_off_on:  # type: ignore[operator]
        raise ValidationError({"published_on": "The publication date cannot be before the sign-off."})
    if published and not review.publication_url:
        raise ValidationError({"publication_url": "Enter the web address where the review is published."})
    if not published and review.status in (ReviewStatus.PUBLISHED, ReviewStatus.CLOSED):
        raise ValidationError({"published_on": "A published review keeps its publication date."})
    review.full_clean()
    review.save()
    if published and review.status == ReviewStatus.SIGNED_OFF:
        review = lifecycle.review_move(
            actor=actor, review=review, to=ReviewStatus.PUBLISHED, on=review.published_on
        )
    return review
