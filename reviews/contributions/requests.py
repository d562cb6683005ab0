"""Writes to the requests for agencies' returns (issue 18): CRAG asks, the agency writes and
submits, CRAG accepts or returns it for more. Each step leaves a ContributionEvent beside
auditlog's change entry: the history the request's page shows, with reasons and each submitted
version."""

from collections.abc import Sequence
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from crag import permissions
from crag.models import Agency, User
from notifications.calendar import add_working_days
from reviews import validation
from reviews.casework import documents as checked_documents
from reviews.choices import ContributionEventKind, ContributionKind, ContributionStatus
from reviews.clocks import calendar_overrides
from reviews.editing import versions
from reviews.models import (
    ContributionDocument,
    ContributionEvent,
    ContributionRequest,
    RapidReview,
    Review,
)

ONE_CASE = "Ask for returns on a Rapid Review or on a review, not both."
NO_AGENCY = "Choose at least one agency to ask."
NO_DESCRIPTION = "Describe what is asked for."
DUE_BEFORE_REQUEST = "The due date cannot be before the date of the request."
NOT_OPEN = "This return has been submitted, so it can no longer be changed."
NOT_SUBMITTED = "Only a submitted return can be accepted or returned."
NO_REASON = "Say why the return needs more."
EMPTY_SUMMARY = "Fill in the agency's involvement with the child and family before submitting."
EMPTY_CHRONOLOGY = "Add at least one chronology entry before submitting."
EMPTY_RETURN = "Write the return or upload a document before submitting."
# The return's heading an agency summary needs before it can be submitted.
SUMMARY_REQUIRED = "involvement"


def default_due_on(*, requested_on: date, rapid_review: bool) -> date:
    """The default due date: CRAG_CONTRIBUTION_DUE_WORKING_DAYS working days after the request
    (a Rapid Review's returns are due well inside its 15 working days), on the admin's calendar."""
    days = settings.CRAG_CONTRIBUTION_DUE_WORKING_DAYS["rapid_review" if rapid_review else "review"]
    return add_working_days(requested_on, int(days), calendar_overrides())


def _event(
    request: ContributionRequest,
    *,
    kind: str,
    actor: User,
    reason: str = "",
    snapshot: dict[str, object] | None = None,
) -> ContributionEvent:
    return ContributionEvent.objects.create(
        request=request,
        kind=kind,
        actor=actor,
        reason=reason,
        due_on=request.due_on,
        snapshot=snapshot or {},
    )


def _locked(request: ContributionRequest) -> ContributionRequest:
    return ContributionRequest.objects.select_for_update().get(pk=request.pk)


def _check_request(
    *,
    agencies: Sequence[Agency],
    kind: str,
    description: str,
    requested_on: date,
    due_on: date,
    rapid_review: RapidReview | None,
    review: Review | None,
) -> None:
    if (rapid_review is None) == (review is None):
        raise ValidationError(ONE_CASE)
    errors: dict[str, str] = {}
    if not agencies:
        errors["agencies"] = NO_AGENCY
    if kind == ContributionKind.OTHER and not description:
        errors["description"] = NO_DESCRIPTION
    if due_on < requested_on:
        errors["due_on"] = DUE_BEFORE_REQUEST
    if errors:
        raise ValidationError(errors)
    validation.require_not_in_future(requested_on, field="requested_on")
    asked = ContributionRequest.objects.filter(
        rapid_review=rapid_review,
        review=review,
        kind=kind,
        agency__in=agencies,
        status__in=ContributionStatus.OPEN,
    ).select_related("agency")
    already = sorted(str(r.agency) for r in asked)
    if already:
        what = ContributionKind(kind).label.lower()
        raise ValidationError(
            {"agencies": f"Already asked for the {what} on this case, still open: {', '.join(already)}."}
        )


@transaction.atomic
def contributions_request(
    *,
    actor: User,
    agencies: Sequence[Agency],
    kind: str,
    due_on: date,
    description: str = "",
    requested_on: date | None = None,
    rapid_review: RapidReview | None = None,
    review: Review | None = None,
) -> list[ContributionRequest]:
    """Ask each agency for a return of one kind on one case, due on one date."""
    permissions.require(permissions.can_request_contributions(actor))
    requested_on = requested_on or timezone.localdate()
    description = description.strip()
    _check_request(
        agencies=agencies,
        kind=kind,
        description=description,
        requested_on=requested_on,
        due_on=due_on,
        rapid_review=rapid_review,
        review=review,
    )
    made = []
    for agency in agencies:
        request = ContributionRequest(
            rapid_review=rapid_review,
            review=review,
            agency=agency,
            kind=kind,
            description=description,
            requested_on=requested_on,
            due_on=due_on,
            requested_by=actor,
        )
        request.full_clean()
        request.save()
        _event(request, kind=ContributionEventKind.REQUESTED, actor=actor)
        made.append(request)
    return made


@transaction.atomic
def contribution_write(
    *, actor: User, request: ContributionRequest, values: dict[str, str], version: int | None
) -> ContributionRequest:
    """Save the return's text while the agency still owes it (the form's version checked)."""
    permissions.require(permissions.can_write_contribution(actor, request))
    versions.claim(request, version)
    request = _locked(request)
    if not request.is_open:
        raise ValidationError(NOT_OPEN)
    for name in ContributionRequest.RETURN_FIELDS:
        if name in values:
            setattr(request, name, (values[name] or "").strip())
    request.full_clean()
    request.save()
    return request


def _refusal_if_empty(request: ContributionRequest) -> str:
    if request.kind == ContributionKind.AGENCY_SUMMARY:
        return "" if getattr(request, SUMMARY_REQUIRED).strip() else EMPTY_SUMMARY
    if request.kind == ContributionKind.CHRONOLOGY:
        return "" if request.chronology.exists() else EMPTY_CHRONOLOGY
    written = any(getattr(request, name).strip() for name in ContributionRequest.RETURN_FIELDS)
    return "" if written or request.documents.exists() else EMPTY_RETURN


@transaction.atomic
def contribution_submit(*, actor: User, request: ContributionRequest) -> ContributionRequest:
    """The agency sends its return to CRAG: the clock stops; a copy of the return as sent (its
    text and the names of its documents) is kept in the history."""
    permissions.require(permissions.can_write_contribution(actor, request))
    request = _locked(request)
    if not request.is_open:
        raise ValidationError(NOT_OPEN)
    if refusal := _refusal_if_empty(request):
        raise ValidationError(refusal)
    request.status = ContributionStatus.SUBMITTED
    request.submitted_on = timezone.localdate()
    request.submitted_by = actor
    request.full_clean()
    request.save()
    snapshot: dict[str, object] = {name: getattr(request, name) for name in ContributionRequest.RETURN_FIELDS}
    snapshot["documents"] = list(request.documents.values_list("original_name", flat=True))
    snapshot["chronology_entries"] = request.chronology.count()
    _event(request, kind=ContributionEventKind.SUBMITTED, actor=actor, snapshot=snapshot)
    return request


@transaction.atomic
def contribution_accept(*, actor: User, request: ContributionRequest) -> ContributionRequest:
    """CRAG accepts a submitted return."""
    permissions.require(permissions.can_decide_contributions(actor))
    request = _locked(request)
    if request.status != ContributionStatus.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED)
    request.status = ContributionStatus.ACCEPTED
    request.accepted_on = timezone.localdate()
    request.full_clean()
    request.save()
    _event(request, kind=ContributionEventKind.ACCEPTED, actor=actor)
    return request


@transaction.atomic
def contribution_return(
    *, actor: User, request: ContributionRequest, reason: str, due_on: date
) -> ContributionRequest:
    """CRAG returns a submitted return for more, with its reason and a new due date: the clock
    runs again. Nothing the agency wrote is cleared."""
    permissions.require(permissions.can_decide_contributions(actor))
    request = _locked(request)
    if request.status != ContributionStatus.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED)
    reason = reason.strip()
    errors = {}
    if not reason:
        errors["reason"] = NO_REASON
    if due_on < request.requested_on:
        errors["due_on"] = DUE_BEFORE_REQUEST
    if errors:
        raise ValidationError(errors)
    request.status = ContributionStatus.RETURNED
    request.submitted_on = None
    request.submitted_by = None
    request.due_on = due_on
    request.full_clean()
    request.save()
    _event(request, kind=ContributionEventKind.RETURNED, actor=actor, reason=reason)
    return request


@transaction.atomic
def contribution_due_change(
    *, actor: User, request: ContributionRequest, due_on: date, reason: str
) -> ContributionRequest:
    """CRAG moves the due date of a return still owed, saying why."""
    permissions.require(permissions.can_decide_contributions(actor))
    request = _locked(request)
    if not request.is_open:
        raise ValidationError(NOT_OPEN)
    reason = reason.strip()
    errors = {}
    if not reason:
        errors["reason"] = "Say why the due date changes."
    if due_on < request.requested_on:
        errors["due_on"] = DUE_BEFORE_REQUEST
    if errors:
        raise ValidationError(errors)
    request.due_on = due_on
    request.full_clean()
    request.save()
    _event(request, kind=ContributionEventKind.DUE_CHANGED, actor=actor, reason=reason)
    return request


@transaction.atomic
def contribution_document_upload(
    *, actor: User, request: ContributionRequest, upload: "UploadedFile[bytes]"
) -> ContributionDocument:
    """Keep a document of the agency's return in private storage, after the same content check
    as a review's documents; only while the return is still owed."""
    permissions.require(permissions.can_write_contribution(actor, request))
    request = _locked(request)
    if not request.is_open:
        raise ValidationError({"file": NOT_OPEN})
    checked = checked_documents.check_upload(upload)
    document = ContributionDocument(
        request=request,
        original_name=checked.name,
        content_type=checked.file_type.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    document.full_clean(exclude=["file"])
    checked_documents.store_upload(document, upload, name=checked.name, where=f"contribution {request.pk}")
    return document
