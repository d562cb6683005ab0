"""The clock of an agency's return (issue 18): a request for an agency summary, a chronology or a
report is due on the date CRAG set (by default a number of working days from the request, in
settings). It stops on the day the agency submits; returned for more, it runs again."""

from datetime import date

from django.db.models import Q

from notifications.calendar import Overrides
from reviews.choices import ContributionStatus
from reviews.clocks.definition import ClockDefinition, Listing, Period, Recipients, Unit, on_or_before
from reviews.clocks.links import url_for
from reviews.models import ContributionRequest


def contribution_case(request: ContributionRequest) -> str:
    """What the request is about, pseudonymised: the incident's reference or the review's label."""
    if request.rapid_review is not None:
        return f"Rapid Review of {request.rapid_review.incident.reference}"
    if request.review is not None:
        return f"{request.review.get_kind_display()} {request.review.title}"
    raise ValueError(f"contribution request {request.pk} is about no case")


def contribution_listing(request: ContributionRequest) -> Listing:
    return Listing(
        "contribution",
        request.pk,
        None,
        f"{request.get_kind_display()} from {request.agency.short_name or request.agency.name} "
        f"({contribution_case(request)})",
        url_for("reviews:contribution_detail", request.pk),
        request.agency_id,
    )


def _submitted(request: ContributionRequest) -> date | None:
    if request.status in ContributionStatus.OPEN:
        return None
    return request.submitted_on or date.min


def _due(request: ContributionRequest, day: date, overrides: Overrides) -> tuple[date, bool]:
    return request.due_on, False


CONTRIBUTION_DUE = ClockDefinition(
    key="contribution_due",
    label="Agency return due",
    subject="contribution",
    model=ContributionRequest,
    period=Period("", Unit.SET_DATE),
    source="Local practice, inside the Panel's 15 working days for a Rapid Review: the date CRAG "
    "set on the request (CRAG_CONTRIBUTION_DUE_WORKING_DAYS from the request by default)",
    applies=lambda request: True,
    applies_q=Q(),
    starts=_due,
    completed_on=_submitted,
    pending_q=lambda day: Q(status__in=ContributionStatus.OPEN) | Q(submitted_on__gt=day),
    exists_from=lambda request: request.requested_on,
    exists_q=on_or_before("requested_on"),
    listing=contribution_listing,
    recipients=Recipients.CONTRIBUTING_AGENCY,
    start_field="due_on",
)
