"""Every write to the domain (CONVENTIONS.md): keyword-only, atomic, validated, audited.

Record changes are audited by django-auditlog (registered in reviews/apps.py); the actor and
request id come from the request context its middleware sets.
"""

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
from reviews.models import (
    AgencySummary,
    Child,
    DecisionAmendment,
    Incident,
    RapidReview,
    Review,
    SafetyAction,
    Theme,
)


@transaction.atomic
def child_create(*, actor: User, pseudonym: str, **fields: object) -> Child:
    """Record a child (pseudonym required; identity and characteristics as known)."""
    permissions.require(permissions.can_do_crag_work(actor))
    child = Child(pseudonym=pseudonym, **fields)
    future = validation.future_dates(
        {name: getattr(child, name) for name in ("date_of_birth", "date_of_death")}
    )
    if future:
        raise ValidationError(future)
    child.full_clean()
    child.save()
    return child


def _next_reference(year: int) -> str:
    prefix = f"INC-{year}-"
    taken = (
        Incident.objects.select_for_update()
        .filter(reference__startswith=prefix)
        .values_list("reference", flat=True)
    )
    numbers = [int(r.removeprefix(prefix)) for r in taken if r.removeprefix(prefix).isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


@transaction.atomic
def incident_create(
    *,
    actor: User,
    kind: str,
    incident_date: date,
    aware_date: date,
    location: str,
    abuse_or_neglect_suspected: bool,
    children: Iterable[Child],
    themes: Iterable[Theme] = (),
    summary: str = "",
) -> Incident:
    """Record a serious incident; its clocks start on the aware date."""
    permissions.require(permissions.can_do_crag_work(actor))
    incident = Incident(
        reference=_next_reference(aware_date.year),
        kind=kind,
        incident_date=incident_date,
        aware_date=aware_date,
        location=location,
        abuse_or_neglect_suspected=abuse_or_neglect_suspected,
        summary=summary,
        created_by=actor,
    )
    with audit_entries.one_entry(incident, m2m=("children", "themes")):  # one entry, not three
        return _save_incident(incident, children, themes)


def _save_incident(incident: Incident, children: Iterable[Child], themes: Iterable[Theme]) -> Incident:
    """Validate and save an incident with its children (at least one) and themes."""
    children = list(children)
    if not children:
        raise ValidationError({"children": "Choose at least one child."})
    incident.full_clean()
    incident.save()
    incident.children.set(children)
    incident.themes.set(list(themes))
    return incident


@transaction.atomic
def incident_update(
    *,
    actor: User,
    incident: Incident,
    kind: str,
    incident_date: date,
    aware_date: date,
    location: str,
    abuse_or_neglect_suspected: bool,
    children: Iterable[Child],
    themes: Iterable[Theme] = (),
    summary: str = "",
    version: int | None = None,
) -> Incident:
    """Correct an incident's record; its clocks are recomputed from the new dates. `version` is
    the one the form was read at (reviews/editing/versions.py): a newer one raises EditConflict."""
    permissions.require(permissions.can_do_crag_work(actor))
    versions.claim(incident, version)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    incident.kind, incident.incident_date, incident.aware_date = kind, incident_date, aware_date
    incident.location, incident.abuse_or_neglect_suspected, incident.summary = (
        location,
        abuse_or_neglect_suspected,
        summary,
    )
    with audit_entries.one_entry(incident, m2m=("children", "themes")):  # one entry, not three
        return _save_incident(incident, children, themes)


NOTIFICATION_FIELDS = Incident.NOTIFICATION_FIELDS


# Who was told, and how, for each notification clock: the question asked when it was late.
_TOLD = {
    "panel_notification": ("the Panel", "notified"),
    "partnership_informed": ("the safeguarding partners", "informed"),
    "ofsted_notification": ("Ofsted", "notified"),
    "secretary_of_state_notification": ("the Secretary of State", "notified"),
}


def _why_late(keys: list[str]) -> str:
    """ "Why was the Panel notified late?"; several late ones are asked about in one question."""
    told = [_TOLD[k] for k in keys]
    if len(told) == 1:
        return f"Why was {told[0][0]} {told[0][1]} late?"
    if len({how for _, how in told}) == 1:
        return f"Why were {_and([who for who, _ in told])} {told[0][1]} late?"
    return f"Why were {_and([f'{who} {how}' for who, how in told])} late?"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


@transaction.atomic
def incident_record_notifications(
    *,
    actor: User,
    incident: Incident,
    dates: dict[str, date | None],
    national_reference: str = "",
    late_reason: str = "",
    version: int | None = None,
) -> Incident:
    """Record when the Panel, the partners, Ofsted and the Secretary of State were notified.
    A notification after its due date needs the reason for the delay (Working Together)."""
    permissions.require(permissions.can_do_crag_work(actor))
    versions.claim(incident, version)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    for field in NOTIFICATION_FIELDS:
        if field in dates:
            setattr(incident, field, dates[field])
    if not clocks.tells_ofsted(incident):
        incident.ofsted_notified_on = incident.secretary_of_state_notified_on = None
    incident.national_reference = national_reference.strip() or incident.national_reference
    incident.late_reason = late_reason.strip() or incident.late_reason
    today = timezone.localdate()
    future = validation.future_dates(
        {field: getattr(incident, field) for field in NOTIFICATION_FIELDS}, today=today
    )
    errors: dict[str, list[str]] = {field: [message] for field, message in future.items()}
    try:
        incident.full_clean()  # Incident.clean: no notification before the council became aware
    except ValidationError as invalid:
        errors |= invalid.message_dict
    rapid_review = clocks.rapid_review_of(incident)
    if rapid_review is not None and "panel_notified_on" not in errors:
        rapid_review.incident = incident
        if _sent_before_notification(rapid_review):
            errors["panel_notified_on"] = [
                f"The Rapid Review was sent to the Panel on {rapid_review.sent_to_panel_on:%-d %B %Y}: "
                "the Panel was notified on or before that day."
            ]
    late = clocks.late_notifications(incident, clocks.calendar_overrides(), today)
    if late and not incident.late_reason:
        errors["late_reason"] = [_why_late([d.key for d in late])]
    if errors:
        raise ValidationError(errors)
    incident.save()
    return incident


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


def _sent_before_notification(rapid_review: RapidReview) -> str:
    """A Rapid Review goes to the Panel only once the Panel was notified (DESIGN.md section 2)."""
    sent, notified = rapid_review.sent_to_panel_on, rapid_review.incident.panel_notified_on
    if sent is None:
        return ""
    if notified is None:
        return "The Rapid Review cannot be sent before the Panel was notified: record the notification first."
    if sent < notified:
        return f"The Rapid Review cannot be sent before the Panel was notified (on {notified:%-d %B %Y})."
    return ""


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
        sent_early := _sent_before_notification(rapid_review)
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
    """The CRAG chair signs off the local decision (as read at `version`); from then on it is
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
