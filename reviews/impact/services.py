"""Writes of learning into practice (issue 20): CRAG sends a learning resource to agencies, and
each agency's action lead records how their agency used it (CRAG may record it on an agency's
behalf). An agency is sent a resource once; a use is dated between its sending and today."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from crag import permissions
from crag.models import Agency, User
from reviews import validation
from reviews.editing import versions
from reviews.models import Dissemination, LearningResource, ResourceUse

USE_FIELDS = frozenset({"how", "used_from", "used_to", "reach", "evidence"})
NO_EVIDENCE = "Describe the evidence of how it was used, for example team minutes or a training register"
DATES_OUT_OF_ORDER = "The date it was used until must be on or after the date it was used from"


@transaction.atomic
def resource_send(
    *,
    actor: User,
    resource: LearningResource,
    agencies: Iterable[Agency],
    sent_on: date,
    message: str = "",
) -> list[Dissemination]:
    """Send the resource to each of the agencies: one Dissemination each. An agency it was already
    sent to is refused by name, and then nothing is saved."""
    permissions.require(permissions.can_disseminate(actor))
    chosen = sorted(set(agencies), key=lambda agency: agency.name)
    if not chosen:
        raise ValidationError({"agencies": "Choose at least one agency to send it to"})
    validation.require_not_in_future(
        sent_on, field="sent_on", message="The date it was sent cannot be in the future"
    )
    LearningResource.objects.select_for_update().get(pk=resource.pk)  # one sending at a time
    already = list(
        Dissemination.objects.filter(resource=resource, agency__in=chosen)
        .order_by("agency__name")
        .values_list("agency__name", flat=True)
    )
    if already:
        raise ValidationError(
            {"agencies": f"{resource.title} was already sent to {', '.join(already)}: untick it"}
        )
    sent = []
    for agency in chosen:
        dissemination = Dissemination(
            resource=resource, agency=agency, sent_on=sent_on, sent_by=actor, message=message.strip()
        )
        dissemination.full_clean(validate_constraints=False)  # the check above is the constraint's
        dissemination.save()
        sent.append(dissemination)
    return sent


def _check_use(use: ResourceUse) -> None:
    """The rules of a use's dates and evidence, each in plain words beside its field."""
    errors: dict[str, str] = validation.future_dates(
        {"used_from": use.used_from, "used_to": use.used_to},
        message="The date cannot be in the future",
    )
    sent_on = use.dissemination.sent_on
    if isinstance(use.used_from, date) and use.used_from < sent_on and "used_from" not in errors:
        errors["used_from"] = f"The date it was used from cannot be before it was sent ({sent_on:%-d %B %Y})"
    if isinstance(use.used_to, date) and isinstance(use.used_from, date) and use.used_to < use.used_from:
        errors.setdefault("used_to", DATES_OUT_OF_ORDER)
    if not (use.evidence or "").strip():
        errors["evidence"] = NO_EVIDENCE
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def resource_use_record(
    *,
    actor: User,
    dissemination: Dissemination,
    how: str,
    used_from: date,
    used_to: date | None = None,
    reach: int | None = None,
    evidence: str,
) -> ResourceUse:
    """Record how an agency used a resource it was sent: its own action lead, or CRAG on its behalf."""
    permissions.require(permissions.can_record_resource_use(actor, dissemination))
    use = ResourceUse(
        dissemination=dissemination,
        how=how,
        used_from=used_from,
        used_to=used_to,
        reach=reach,
        evidence=(evidence or "").strip(),
        recorded_by=actor,
    )
    _check_use(use)
    use.full_clean()
    use.save()
    return use


@transaction.atomic
def resource_use_update(*, actor: User, use: ResourceUse, version: int | None, **fields: Any) -> ResourceUse:
    """Correct a recorded use (how, dates, reach, evidence), checked against the version its form
    was read at: a save since then is an EditConflict and changes nothing."""
    unknown = set(fields) - USE_FIELDS
    if unknown:
        raise TypeError(f"resource_use_update does not change {', '.join(sorted(unknown))}")
    permissions.require(permissions.can_record_resource_use(actor, use.dissemination))
    versions.claim(use, version)
    use = ResourceUse.objects.select_for_update().select_related("dissemination").get(pk=use.pk)
    for name, value in fields.items():
        setattr(use, name, value.strip() if name == "evidence" and isinstance(value, str) else value)
    _check_use(use)
    use.full_clean()
    use.save()
    return use
