"""The statutory partners' agreement to a Rapid Review's decision (Working Together 2023: the
decision is the three safeguarding partners'). Each partner's representative records agreement to
the decision as it stands; the chair signs off only once every required partner agrees the
current decision (reviews/incidents/rapid_reviews.py)."""

import hashlib
import json
from dataclasses import dataclass

from auditlog.context import set_extra_data
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from crag import permissions
from crag.models import Agency, PartnerRole, User
from reviews.models import PartnerAgreement, RapidReview


def decision_digest(rapid_review: RapidReview) -> str:
    """A checksum of the decision as it now stands: an agreement to it holds while this matches."""
    decision = {field: getattr(rapid_review, field) for field in RapidReview.DECISION_FIELDS}
    return hashlib.sha256(json.dumps(decision, sort_keys=True).encode()).hexdigest()


def required_roles() -> list[str]:
    """The partner roles whose agreement sign-off needs (settings; empty turns the check off)."""
    return list(settings.CRAG_RAPID_REVIEW_AGREEING_PARTNERS)


def is_decided(rapid_review: RapidReview) -> bool:
    """The decision is recorded in full: there is something to agree and to sign off."""
    return (
        rapid_review.meets_cspr_criteria is not None
        and rapid_review.complex_or_national_importance is not None
        and bool(rapid_review.decision_reasons.strip())
    )


def _role_label(role: str) -> str:
    return str(PartnerRole(role).label).lower() if role in PartnerRole.values else role


@transaction.atomic
def partner_agree(*, actor: User, rapid_review: RapidReview, note: str = "") -> PartnerAgreement:
    """The actor's partner agrees the decision as it now stands. A partner that agreed an earlier
    version of the decision agrees again in place (the audit log keeps the earlier agreement)."""
    permissions.require(bool(permissions.can_agree_for_partner(actor)))
    rapid_review = RapidReview.objects.select_for_update().get(pk=rapid_review.pk)
    if rapid_review.is_signed_off:
        raise ValidationError("The decision is already signed off.")
    if not is_decided(rapid_review):
        raise ValidationError("The decision has not been recorded yet: there is nothing to agree.")
    agency = actor.agency
    if agency is None:  # never: can_agree_for_partner needs a partner agency
        raise PermissionDenied
    role, digest = agency.partner_role, decision_digest(rapid_review)
    agreement = PartnerAgreement.objects.filter(rapid_review=rapid_review, partner_role=role).first()
    if agreement is not None and agreement.decision_digest == digest:
        raise ValidationError(
            f"The {_role_label(role)} partner has already agreed this decision "
            f"({agreement.agreed_by}, {timezone.localtime(agreement.agreed_at):%-d %B %Y})."
        )
    if agreement is None:
        agreement = PartnerAgreement(rapid_review=rapid_review, partner_role=role)
    else:  # auto_now_add dates only the first save: a renewed agreement is dated now
        agreement.agreed_at = timezone.now()
    agreement.agency = agency
    agreement.agreed_by = actor
    agreement.decision_digest = digest
    agreement.note = note.strip()
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def partner_agreement_withdraw(*, actor: User, agreement: PartnerAgreement, reason: str) -> None:
    """The partner withdraws its agreement before sign-off (the audit log keeps it, and the reason)."""
    permissions.require(bool(permissions.can_agree_for_partner(actor)))
    agreement = (
        PartnerAgreement.objects.select_related("rapid_review").select_for_update().get(pk=agreement.pk)
    )
    # Only the partner that agreed withdraws its agreement.
    permissions.require(actor.agency is not None and actor.agency.partner_role == agreement.partner_role)
    if agreement.rapid_review.is_signed_off:
        raise ValidationError("The decision is signed off: the agreement to it stands.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the agreement is withdrawn"})
    with set_extra_data(context_data={"reason": reason.strip()}):
        agreement.delete()


def current_agreements(rapid_review: RapidReview) -> dict[str, PartnerAgreement]:
    """The agreements that still hold, by role: those made to the decision as it now stands."""
    digest = decision_digest(rapid_review)
    rows = PartnerAgreement.objects.filter(rapid_review=rapid_review).select_related("agency", "agreed_by")
    return {row.partner_role: row for row in rows if row.decision_digest == digest}


def partners_outstanding(rapid_review: RapidReview) -> list[str]:
    """The required partner roles without a current agreement, in the settings' order."""
    agreed = current_agreements(rapid_review)
    return [role for role in required_roles() if role not in agreed]


@dataclass(frozen=True)
class PartnerLine:
    """One required partner on the Rapid Review page: its agency, and its agreement if current."""

    role: str
    label: str
    agency: Agency | None
    agreement: PartnerAgreement | None
    stale: bool  # agreed an earlier version of the decision


def partner_lines(rapid_review: RapidReview) -> list[PartnerLine]:
    """Who has agreed the decision as it stands and who has not, one line per required partner."""
    roles = required_roles()
    agencies = {a.partner_role: a for a in Agency.objects.filter(partner_role__in=roles)}
    rows = {
        row.partner_role: row
        for row in PartnerAgreement.objects.filter(rapid_review=rapid_review).select_related(
            "agency", "agreed_by"
        )
    }
    digest = decision_digest(rapid_review)
    lines = []
    for role in roles:
        row = rows.get(role)
        current = row if row is not None and row.decision_digest == digest else None
        lines.append(
            PartnerLine(
                role=role,
                label=_role_label(role),
                agency=agencies.get(role),
                agreement=current,
                stale=row is not None and current is None,
            )
        )
    return lines


def outstanding_message(roles: list[str]) -> str:
    """The plain sentence naming the partners still to agree."""
    names = [f"the {_role_label(role)}" for role in roles]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"Before signing off, {listed} must agree the decision in CRAG."
