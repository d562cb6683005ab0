"""The services of the requests for agencies' returns: asking, writing, submitting, accepting,
returning for more and moving the due date, each with its refusals (nothing half-saved)."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from reviews.choices import ContributionEventKind, ContributionKind, ContributionStatus
from reviews.contributions import requests as contributions
from reviews.editing.versions import EditConflict
from reviews.models import ContributionEvent, ContributionRequest
from reviews.tests.contribution_world import world
from reviews.tests.factories import ReviewFactory
from reviews.tests.factories_contributions import ChronologyEntryFactory, ContributionDocumentFactory

__all__ = ["world"]  # fixtures
pytestmark = pytest.mark.django_db
TODAY = date(2025, 1, 13)  # a Monday
DUE = date(2025, 1, 20)


def ask(world, *, agencies=None, kind=ContributionKind.AGENCY_SUMMARY, **kwargs):
    return contributions.contributions_request(
        actor=world.chair,
        agencies=agencies or [world.health],
        kind=kind,
        due_on=kwargs.pop("due_on", DUE),
        requested_on=kwargs.pop("requested_on", TODAY),
        rapid_review=kwargs.pop("rapid_review", world.rapid_review),
        **kwargs,
    )


def test_default_due_on_counts_working_days_past_a_bank_holiday(settings):
    settings.CRAG_CONTRIBUTION_DUE_WORKING_DAYS = {"rapid_review": 5, "review": 20}
    # Good Friday 18 April and Easter Monday 21 April 2025 are not working days.
    assert contributions.default_due_on(requested_on=date(2025, 4, 16), rapid_review=True) == date(
        2025, 4, 25
    )
    assert contributions.default_due_on(requested_on=TODAY, rapid_review=False) == date(2025, 2, 10)


def test_one_form_asks_several_agencies_each_with_its_requested_event(world):
    made = ask(world, agencies=[world.health, world.police])
    assert {r.agency for r in made} == {world.health, world.police}
    assert all(r.status == ContributionStatus.REQUESTED and r.requested_by == world.chair for r in made)
    events = ContributionEvent.objects.filter(request__in=made)
    assert [e.kind for e in events] == [ContributionEventKind.REQUESTED] * 2
    assert all(e.due_on == DUE for e in events)


@time_machine.travel(date(2025, 1, 14), tick=False)
def test_requested_on_defaults_to_today(world):
    (made,) = contributions.contributions_request(
        actor=world.chair, agencies=[world.health], kind="agency_report", due_on=DUE, review=ReviewFactory()
    )
    assert made.requested_on == date(2025, 1, 14)


def test_an_agency_already_asked_for_the_same_kind_is_refused_and_nothing_is_asked(world):
    ask(world)
    with pytest.raises(ValidationError, match="still open: Health visiting"):
        ask(world, agencies=[world.police, world.health])
    assert not ContributionRequest.objects.filter(agency=world.police).exists()
    ask(world, kind=ContributionKind.CHRONOLOGY)  # another kind is a new request


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": ContributionKind.OTHER}, "description"),
        ({"due_on": date(2025, 1, 10)}, "due_on"),
        ({"agencies": []}, "agencies"),
    ],
)
def test_refusals_of_a_request_name_the_field(world, kwargs, field):
    if "agencies" in kwargs:
        with pytest.raises(ValidationError) as refused:
            contributions.contributions_request(
                actor=world.chair,
                agencies=[],
                kind="agency_summary",
                due_on=DUE,
                rapid_review=world.rapid_review,
            )
    else:
        with pytest.raises(ValidationError) as refused:
            ask(world, **kwargs)
    assert field in refused.value.message_dict
    assert not ContributionRequest.objects.exists()


def test_a_request_on_both_or_neither_case_is_refused(world):
    with pytest.raises(ValidationError, match="not both"):
        ask(world, review=ReviewFactory())
    with pytest.raises(ValidationError, match="not both"):
        ask(world, rapid_review=None)


def test_a_request_dated_in_the_future_is_refused(world):
    with pytest.raises(ValidationError):
        ask(world, requested_on=date(2999, 1, 1), due_on=date(2999, 2, 1))


def test_only_crag_asks(world):
    with pytest.raises(PermissionDenied):
        contributions.contributions_request(
            actor=world.health_lead,
            agencies=[world.health],
            kind="agency_summary",
            due_on=DUE,
            requested_on=TODAY,
            rapid_review=world.rapid_review,
        )


def test_the_lead_writes_the_return_with_the_version_checked(world):
    (request,) = ask(world)
    written = contributions.contribution_write(
        actor=world.health_lead, request=request, values={"involvement": " Known since 2023. "}, version=1
    )
    assert written.involvement == "Known since 2023."
    with pytest.raises(EditConflict):
        contributions.contribution_write(
            actor=world.health_lead, request=request, values={"involvement": "Stale"}, version=1
        )
    request.refresh_from_db()
    assert request.involvement == "Known since 2023."


def test_another_agencys_lead_may_not_write_or_submit(world):
    (request,) = ask(world)
    with pytest.raises(PermissionDenied):
        contributions.contribution_write(actor=world.police_lead, request=request, values={}, version=1)
    with pytest.raises(PermissionDenied):
        contributions.contribution_submit(actor=world.police_lead, request=request)


def test_an_empty_summary_is_not_submitted(world):
    (request,) = ask(world)
    contributions.contribution_write(
        actor=world.health_lead, request=request, values={"went_well": "Visits"}, version=None
    )
    with pytest.raises(ValidationError, match="involvement"):
        contributions.contribution_submit(actor=world.health_lead, request=request)
    request.refresh_from_db()
    assert request.status == ContributionStatus.REQUESTED


def test_a_chronology_needs_an_entry_and_a_report_text_or_a_document(world):
    (chronology,) = ask(world, kind=ContributionKind.CHRONOLOGY)
    (report,) = ask(world, kind=ContributionKind.AGENCY_REPORT)
    with pytest.raises(ValidationError, match="chronology entry"):
        contributions.contribution_submit(actor=world.health_lead, request=chronology)
    with pytest.raises(ValidationError, match="upload a document"):
        contributions.contribution_submit(actor=world.health_lead, request=report)
    ChronologyEntryFactory(request=chronology)
    ContributionDocumentFactory(request=report)
    assert (
        contributions.contribution_submit(actor=world.health_lead, request=chronology).status == "submitted"
    )
    assert contributions.contribution_submit(actor=world.health_lead, request=report).status == "submitted"


@time_machine.travel(date(2025, 1, 16), tick=False)
def test_submitting_stops_the_clock_and_keeps_a_copy_of_the_return(world):
    (request,) = ask(world)
    contributions.contribution_write(
        actor=world.health_lead, request=request, values={"involvement": "First version"}, version=None
    )
    ContributionDocumentFactory(request=request, original_name="summary.pdf")
    done = contributions.contribution_submit(actor=world.health_lead, request=request)
    assert (done.status, done.submitted_on, done.submitted_by) == (
        "submitted",
        date(2025, 1, 16),
        world.health_lead,
    )
    event = done.events.get(kind=ContributionEventKind.SUBMITTED)
    assert event.snapshot["involvement"] == "First version"
    assert event.snapshot["documents"] == ["summary.pdf"]
    with pytest.raises(ValidationError, match="no longer be changed"):
        contributions.contribution_write(actor=world.health_lead, request=done, values={}, version=None)


def _submitted(world):
    (request,) = ask(world)
    contributions.contribution_write(
        actor=world.health_lead, request=request, values={"involvement": "Known"}, version=None
    )
    return contributions.contribution_submit(actor=world.health_lead, request=request)


def test_returned_for_more_the_clock_runs_again_and_nothing_written_is_lost(world):
    request = _submitted(world)
    returned = contributions.contribution_return(
        actor=world.chair, request=request, reason="Add the GP's contacts", due_on=date(2025, 1, 27)
    )
    assert (returned.status, returned.submitted_on, returned.due_on) == ("returned", None, date(2025, 1, 27))
    assert returned.involvement == "Known"
    event = returned.events.get(kind=ContributionEventKind.RETURNED)
    assert (event.reason, event.due_on) == ("Add the GP's contacts", date(2025, 1, 27))
    # The agency can write and submit again.
    contributions.contribution_write(
        actor=world.health_lead, request=returned, values={"involvement": "Known; GP too"}, version=None
    )
    assert contributions.contribution_submit(actor=world.health_lead, request=returned).status == "submitted"


def test_a_return_for_more_needs_a_reason_and_only_crag_decides(world):
    request = _submitted(world)
    with pytest.raises(ValidationError) as refused:
        contributions.contribution_return(actor=world.chair, request=request, reason=" ", due_on=DUE)
    assert "reason" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        contributions.contribution_return(actor=world.health_lead, request=request, reason="x", due_on=DUE)
    with pytest.raises(PermissionDenied):
        contributions.contribution_accept(actor=world.health_lead, request=request)
    request.refresh_from_db()
    assert request.status == "submitted"


def test_accepting_is_from_submitted_only(world):
    (request,) = ask(world)
    with pytest.raises(ValidationError, match="Only a submitted return"):
        contributions.contribution_accept(actor=world.member, request=request)
    contributions.contribution_write(
        actor=world.health_lead, request=request, values={"involvement": "Known"}, version=None
    )
    contributions.contribution_submit(actor=world.health_lead, request=request)
    accepted = contributions.contribution_accept(actor=world.member, request=request)
    assert accepted.status == "accepted"
    assert accepted.accepted_on is not None
    with pytest.raises(ValidationError):
        contributions.contribution_return(actor=world.chair, request=accepted, reason="x", due_on=DUE)


def test_crag_moves_the_due_date_of_an_open_request_with_a_reason(world):
    (request,) = ask(world)
    moved = contributions.contribution_due_change(
        actor=world.chair, request=request, due_on=date(2025, 1, 24), reason="Staff away"
    )
    assert moved.due_on == date(2025, 1, 24)
    assert moved.events.filter(kind=ContributionEventKind.DUE_CHANGED, reason="Staff away").exists()
    with pytest.raises(ValidationError) as refused:
        contributions.contribution_due_change(
            actor=world.chair, request=request, due_on=date(2025, 1, 1), reason=""
        )
    assert set(refused.value.message_dict) == {"due_on", "reason"}
    with pytest.raises(PermissionDenied):
        contributions.contribution_due_change(
            actor=world.health_lead, request=request, due_on=date(2025, 1, 24), reason="x"
        )
