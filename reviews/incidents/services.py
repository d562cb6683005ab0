"""Every write to the domain (CONVENTIONS.md): keyword-only, atomic, validated, audited.

Record changes are audited by django-auditlog (registered in reviews/apps.py); the actor and
request id come from the request context its middleware sets.
"""

from datetime import date
from typing import Any, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crag import audit_entries, permissions
from crag.models import User
from reviews import clocks, validation
from reviews.editing import versions
from reviews.models import Child, Incident
from reviews.models.incidents import IncidentRecord


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
def incident_create(*, actor: User, **record: Unpack[IncidentRecord]) -> Incident:
    """Record a serious incident; its clocks start on the aware date."""
    permissions.require(permissions.can_do_crag_work(actor))
    incident = Incident(reference=_next_reference(record["aware_date"].year), created_by=actor)
    with audit_entries.one_entry(incident, m2m=("children", "themes")):  # one entry, not three
        return _save_incident(incident, record)


def _save_incident(incident: Incident, record: IncidentRecord) -> Incident:
    """Validate and save an incident as recorded, with its children (at least one) and themes."""
    fields: dict[str, Any] = {"themes": (), "summary": "", **record}
    if unknown := fields.keys() - set(Incident.RECORD_FIELDS):  # as a keyword-only signature would
        raise TypeError(f"Not a field of an incident's record: {', '.join(sorted(unknown))}")
    children, themes = list(fields.pop("children")), list(fields.pop("themes"))
    for name, value in fields.items():
        setattr(incident, name, value)
    if not children:
        raise ValidationError({"children": "Choose at least one child."})
    incident.full_clean()
    incident.save()
    incident.children.set(children)
    incident.themes.set(themes)
    return incident


@transaction.atomic
def incident_update(
    *, actor: User, incident: Incident, version: int | None = None, **record: Unpack[IncidentRecord]
) -> Incident:
    """Correct an incident's record; its clocks are recomputed from the new dates. `version` is
    the one the form was read at (reviews/editing/versions.py): a newer one raises EditConflict."""
    permissions.require(permissions.can_do_crag_work(actor))
    versions.claim(incident, version)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    with audit_entries.one_entry(incident, m2m=("children", "themes")):  # one entry, not three
        return _save_incident(incident, record)


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
        if validation.rapid_review_sent_before_notification(rapid_review):
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
