"""Every write to referrals (CONVENTIONS.md): keyword-only, atomic, validated, audited.

An agency refers a case; CRAG screens it once. Record changes are audited by django-auditlog
(registered in reviews/apps.py); a referral with its children is one entry.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from string import ascii_uppercase

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crag import audit_entries, permissions
from crag.models import User
from reviews import validation
from reviews.choices import IncidentLocation, ScreeningDecision
from reviews.incidents import services as incidents
from reviews.models import Child, Incident, Meeting, Referral

# One form's worth: more children than this are referred as a second referral (or by CRAG).
MAX_CHILDREN = 4
NEEDS_COUNCIL_AWARE = (
    "A notifiable referral needs the date the council became aware: the Panel's 5 working days "
    "run from it. Ask the referring agency for it, or record the incident yourself."
)


@dataclass(frozen=True)
class ChildDetails:
    """A referred child's identity as the referrer gives it (restricted like every child's)."""

    name: str
    date_of_birth: date | None = None


def _next_reference(year: int) -> str:
    prefix = f"REF-{year}-"
    taken = (
        Referral.objects.select_for_update()
        .filter(reference__startswith=prefix)
        .values_list("reference", flat=True)
    )
    numbers = [int(r.removeprefix(prefix)) for r in taken if r.removeprefix(prefix).isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _pseudonym(reference: str, index: int, count: int) -> str:
    """CRAG's name for a referred child until CRAG renames it: "Child of REF-2026-007", or
    "Child A of REF-2026-007" where a referral names several."""
    return f"Child of {reference}" if count == 1 else f"Child {ascii_uppercase[index]} of {reference}"


def _children(reference: str, children: Sequence[ChildDetails], today: date) -> list[Child]:
    errors: dict[str, list[str]] = {}
    if not children:
        errors["children"] = ["Enter at least one child's name."]
    if len(children) > MAX_CHILDREN:
        errors["children"] = [f"Refer at most {MAX_CHILDREN} children at once."]
    if any(not c.name.strip() for c in children):
        errors.setdefault("children", []).append("Enter each child's name.")
    if any(validation.in_future(c.date_of_birth, today) for c in children):
        errors.setdefault("children", []).append("A child's date of birth cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    made = []
    for index, details in enumerate(children):
        child = Child(
            pseudonym=_pseudonym(reference, index, len(children)),
            legal_name=details.name.strip(),
            date_of_birth=details.date_of_birth,
        )
        child.full_clean()
        child.save()
        made.append(child)
    return made


@transaction.atomic
def referral_create(
    *,
    actor: User,
    children: Sequence[ChildDetails],
    kind: str,
    what_happened: str,
    agency_aware_on: date,
    council_aware_on: date | None = None,
    abuse_or_neglect_suspected: str,
    incident_date: date | None = None,
) -> Referral:
    """Refer a case for CRAG to screen (any signed-in user of an agency, for their agency); the
    screening clock starts today (day 0)."""
    permissions.require(bool(permissions.can_refer(actor)))
    today = timezone.localdate()
    future = validation.future_dates(
        {
            "agency_aware_on": agency_aware_on,
            "council_aware_on": council_aware_on,
            "incident_date": incident_date,
        },
        today=today,
    )
    if future:
        raise ValidationError(future)
    referral = Referral(
        reference=_next_reference(today.year),
        referring_agency=actor.agency,
        referred_by=actor,
        referred_on=today,
        kind=kind,
        what_happened=what_happened.strip(),
        agency_aware_on=agency_aware_on,
        council_aware_on=council_aware_on,
        abuse_or_neglect_suspected=abuse_or_neglect_suspected,
        incident_date=incident_date,
    )
    referral.full_clean(exclude=["children"])
    made = _children(referral.reference, children, today)  # each child audited as it is created
    with audit_entries.one_entry(referral, m2m=("children",)):
        referral.save()
        referral.children.set(made)
    return referral


@transaction.atomic
def referral_screen(
    *,
    actor: User,
    referral: Referral,
    decision: str,
    reason: str,
    meeting: Meeting | None = None,
) -> Referral:
    """CRAG's screening, once: a notifiable case becomes an incident (the council's aware date and
    the children carried over); any other is routed with its reason. `meeting` is where it was
    decided, when a meeting decided it."""
    permissions.require(bool(permissions.can_screen_referrals(actor)))
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.is_screened:
        raise ValidationError(
            f"{referral.reference} was screened on {referral.screened_on:%-d %B %Y}. "
            "A screening decision is never changed."
        )
    reason = reason.strip()
    if decision not in ScreeningDecision.values:
        raise ValidationError({"decision": "Choose the screening decision."})
    if decision == ScreeningDecision.NOTIFY and referral.council_aware_on is None:
        raise ValidationError({"decision": NEEDS_COUNCIL_AWARE})
    if decision != ScreeningDecision.NOTIFY and not reason:
        raise ValidationError({"reason": "Give the reason the case is not notifiable."})
    # The incident is audited as its own record, before the referral's one entry.
    incident = _incident_from(actor, referral) if decision == ScreeningDecision.NOTIFY else None
    with audit_entries.one_entry(referral):
        referral.incident = incident
        referral.decision, referral.decision_reason = decision, reason
        referral.screened_on, referral.screened_by, referral.meeting = timezone.localdate(), actor, meeting
        referral.version += 1
        referral.full_clean()
        referral.save()
    return referral


def _incident_from(actor: User, referral: Referral) -> Incident:
    """The incident a notifiable referral becomes: nothing the referrer typed is typed twice."""
    aware = referral.council_aware_on
    if aware is None:  # referral_screen asks for it first
        raise ValidationError({"decision": NEEDS_COUNCIL_AWARE})
    return incidents.incident_create(
        actor=actor,
        kind=referral.kind,
        incident_date=referral.incident_date or aware,
        aware_date=aware,
        location=IncidentLocation.IN_AREA,
        abuse_or_neglect_suspected=True,
        children=list(referral.children.all()),
        summary=referral.what_happened,
    )
