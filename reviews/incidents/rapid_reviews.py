"""Writes to a Rapid Review (CONVENTIONS.md): opening it, its record and the Panel's response,
agency summaries, immediate safety actions, the chair's sign-off and amendments, and the review its
outcome creates. Keyword-only, atomic, validated, audited (reviews/incidents/services.py)."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crag import audit_entries, permissions
from crag.models import Agency, User
from reviews import clocks, validation
from reviews.choices import PanelResponse, RapidReviewOutcome, ReviewKind, ReviewStatus
from reviews.editing import versions
from reviews.incidents import partners
from reviews.models import (
    AgencySummary,
    DecisionAmendment,
    Incident,
    RapidReview,
    Review,
    SafetyAction,
    Theme,
)


@transaction.atomic
def rapid_review_open(*, actor: User, incident: Incident) -> RapidReview:
    """Open the incident's Rapid Review: one per incident, and only where the Panel is notified
    (a Rapid Review's clock exists only where the Panel clock does, DESIGN.md section 2)."""
    permissions.require(permissions.can_do_crag_work(actor))
    if not clocks.notifiable(incident):
        raise ValidationError(
            "This incident does not need a Rapid Review: it is not notifiable to the Panel (abuse or "
            "neglect is not known or suspected, or it is a care leaver's death)."
        )
    if RapidReview.objects.filter(incident=incident).exists():
        raise ValidationError("This incident already has a Rapid Review.")
    rapid_review = RapidReview(incident=incident)
    rapid_review.full_clean()
    with audit_entries.one_entry(rapid_review, m2m=("themes",)):  # one entry, not two
        rapid_review.save()
        rapid_review.themes.set(list(incident.themes.all()))
    return rapid_review


@transaction.atomic
def rapid_review_update(
    *,
    actor: User,
    rapid_review: RapidReview,
    fields: dict[str, object],
    themes: Iterable[Theme] | None = None,
    version: int | None = None,
) -> RapidReview:
    """Change the Rapid Review's record. After sign-off its decision cannot change: amend it."""
    permissions.require(permissions.can_do_crag_work(actor))
    versions.claim(rapid_review, version)
    rapid_review = RapidReview.objects.select_for_update().select_related("incident").get(pk=rapid_review.pk)
    if rapid_review.is_signed_off:
        changed = [
            f for f in RapidReview.DECISION_FIELDS if f in fields and fields[f] != getattr(rapid_review, f)
        ]
        if changed:
            raise ValidationError("The decision has been signed off. Record an amendment beside it instead.")
    sent_before = rapid_review.sent_to_panel_on
    for name, value in fields.items():
        setattr(rapid_review, name, value)
    errors = validation.future_dates(
        {
            "sent_to_panel_on": rapid_review.sent_to_panel_on,
            "panel_responded_on": rapid_review.panel_responded_on,
        }
    )
    if rapid_review.sent_to_panel_on and rapid_review.sent_to_panel_on < rapid_review.incident.aware_date:
        errors["sent_to_panel_on"] = "The Rapid Review cannot be sent before the council became aware."
    elif rapid_review.sent_to_panel_on != sent_before and (
        sent_early := validation.rapid_review_sent_before_notification(rapid_review)
    ):
        errors["sent_to_panel_on"] = sent_early
    if (
        rapid_review.panel_responded_on
        and rapid_review.sent_to_panel_on
        and rapid_review.panel_responded_on < rapid_review.sent_to_panel_on
    ):
        errors["panel_responded_on"] = "The Panel cannot respond before the Rapid Review was sent."
    if errors:
        raise ValidationError(errors)
    if rapid_review.panel_response != PanelResponse.PENDING and rapid_review.panel_responded_on is None:
        # A response recorded without its date is taken as received today (it stops the clock).
        rapid_review.panel_responded_on = timezone.localdate()
    rapid_review.full_clean()
    rapid_review.save()
    if themes is not None:
        rapid_review.themes.set(list(themes))
    return rapid_review


@transaction.atomic
def agency_summary_save(
    *, actor: User, rapid_review: RapidReview, agency: Agency, summary: str, version: int | None = None
) -> AgencySummary:
    """Add or replace one agency's summary for the Rapid Review (its version moves on)."""
    permissions.require(permissions.can_do_crag_work(actor))
    versions.claim(rapid_review, version)
    item, _ = AgencySummary.objects.get_or_create(
        rapid_review=rapid_review, agency=agency, defaults={"summary": summary}
    )
    item.summary = summary
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def safety_action_add(
    *,
    actor: User,
    rapid_review: RapidReview,
    kind: str,
    description: str,
    owner_agency: Agency,
    owner_name: str = "",
    done_on: date | None = None,
) -> SafetyAction:
    """Record an immediate action for the child's safety, with its owner."""
    permissions.require(permissions.can_do_crag_work(actor))
    validation.require_not_in_future(done_on, field="done_on")
    action = SafetyAction(
        rapid_review=rapid_review,
        kind=kind,
        description=description,
        owner_agency=owner_agency,
        owner_name=owner_name,
        done_on=done_on,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def safety_action_done(
    *, actor: User, action: SafetyAction, done_on: date, version: int | None = None
) -> SafetyAction:
    """Record when an immediate safety action was done (the Rapid Review's version moves on)."""
    permissions.require(permissions.can_do_crag_work(actor))
    versions.claim(action.rapid_review, version)
    validation.require_not_in_future(done_on, field="done_on")
    action.done_on = done_on
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def rapid_review_sign_off(
    *, actor: User, rapid_review: RapidReview, version: int | None = None
) -> RapidReview:
    """The CRAG chair signs off the local decision (as read at `version`) once each required
    statutory partner has agreed it as it stands (Working Together 2023); from then on it is
    read-only."""
    permissions.require(permissions.can_sign_off(actor))
    versions.claim(rapid_review, version)
    rapid_review = RapidReview.objects.select_for_update().get(pk=rapid_review.pk)
    if rapid_review.is_signed_off:
        raise ValidationError("The decision is already signed off.")
    missing = [
        label
        for field, label in (
            ("meets_cspr_criteria", "whether the criteria for a review are met"),
            ("complex_or_national_importance", "whether the case is complex or of national importance"),
        )
        if getattr(rapid_review, field) is None
    ]
    if not rapid_review.decision_reasons.strip():
        missing.append("the reasons for the decision")
    if missing:
        raise ValidationError(f"Before signing off, record {', '.join(missing)}.")
    if outstanding := partners.partners_outstanding(rapid_review):
        raise ValidationError(partners.outstanding_message(outstanding))
    rapid_review.signed_off_by = actor
    rapid_review.signed_off_at = timezone.now()
    rapid_review.save(update_fields=["signed_off_by", "signed_off_at", "updated_at"])
    return rapid_review


@transaction.atomic
def rapid_review_amend(
    *, actor: User, rapid_review: RapidReview, text: str, reason: str, version: int | None = None
) -> DecisionAmendment:
    """Record a correction beside a signed-off decision (as read at `version`, amendments included):
    dated, attributed, with its reason."""
    permissions.require(permissions.can_do_crag_work(actor))
    versions.claim(rapid_review, version)
    if not rapid_review.is_signed_off:
        raise ValidationError("The decision is not signed off yet: change it directly.")
    amendment = DecisionAmendment(
        rapid_review=rapid_review, text=text.strip(), reason=reason.strip(), made_by=actor
    )
    amendment.full_clean()
    amendment.save()
    return amendment


OUTCOME_REVIEW_KIND = {
    RapidReviewOutcome.CSPR: ReviewKind.CSPR,
    RapidReviewOutcome.LOCAL_REVIEW: ReviewKind.LOCAL,
}


@transaction.atomic
def review_create_from_outcome(*, actor: User, rapid_review: RapidReview, decision_on: date) -> Review:
    """Outcome cspr or local_review: the Review, with decision date, children and themes carried
    over, in one step."""
    permissions.require(permissions.can_do_crag_work(actor))
    rapid_review = RapidReview.objects.select_for_update().select_related("incident").get(pk=rapid_review.pk)
    kind = OUTCOME_REVIEW_KIND.get(RapidReviewOutcome(rapid_review.outcome)) if rapid_review.outcome else None
    if kind is None:
        raise ValidationError("Only a CSPR or local review outcome creates a review.")
    if rapid_review.reviews.exists():
        raise ValidationError("A review has already been created from this Rapid Review.")
    validation.require_not_in_future(
        decision_on, field="decision_on", message="The decision date cannot be in the future."
    )
    if decision_on < rapid_review.incident.aware_date:
        raise ValidationError({"decision_on": "The decision cannot be before the council became aware."})
    children = list(rapid_review.incident.children.all())
    review = Review(
        kind=kind,
        title=", ".join(c.pseudonym for c in children)[:200] or rapid_review.incident.reference,
        rapid_review=rapid_review,
        decision_on=decision_on,
        status=ReviewStatus.SCOPING,
    )
    review.full_clean()
    with audit_entries.one_entry(review, m2m=("children", "themes")):  # one entry, not three
        review.save()
        review.children.set(children)
        review.themes.set(list(rapid_review.themes.all()))
    return review
