"""The referral services: an agency refers (children recorded with CRAG's pseudonyms, dates not in
the future), CRAG screens once; a notifiable referral hands over to an incident with nothing typed
twice and the Panel's clock counted from the council's aware date."""

from datetime import date

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from crag import roles
from reviews import clocks
from reviews.choices import AbuseSuspected, IncidentKind, IncidentLocation, ScreeningDecision
from reviews.models import Child, Incident, Referral
from reviews.referrals import services
from reviews.referrals.services import ChildDetails
from reviews.tests.factories_meetings import MeetingFactory, ReferralFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)  # a Tuesday


@pytest.fixture
def lead(make_user):
    return make_user(roles.AGENCY_ACTION_LEAD)


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


def refer(actor, **kwargs):
    record = {
        "children": [ChildDetails(name="Amy Example", date_of_birth=date(2025, 6, 1))],
        "kind": IncidentKind.SERIOUS_HARM,
        "what_happened": "Admitted with a fracture.",
        "agency_aware_on": date(2026, 3, 9),
        "council_aware_on": date(2026, 3, 9),
        "abuse_or_neglect_suspected": AbuseSuspected.YES,
    } | kwargs
    return services.referral_create(actor=actor, **record)


@time_machine.travel(TODAY, tick=False)
def test_a_referral_is_numbered_for_the_year_from_the_referrers_agency_and_starts_its_clock_today(lead):
    ReferralFactory(reference="REF-2026-006")
    referral = refer(lead)
    assert referral.reference == "REF-2026-007"
    assert referral.referring_agency == lead.agency
    assert referral.referred_by == lead
    assert referral.referred_on == TODAY
    reading = clocks.Day(TODAY).reading(clocks.REFERRAL_SCREENING, referral)
    assert reading is not None
    assert reading.clock.due == date(2026, 3, 11)


@time_machine.travel(TODAY, tick=False)
def test_referred_children_are_recorded_with_their_identity_under_crags_pseudonyms(lead):
    one = refer(lead)
    two = refer(
        lead,
        children=[ChildDetails(name="Ben Example"), ChildDetails(name="Cal Example", date_of_birth=None)],
    )
    (child,) = one.children.all()
    assert (child.pseudonym, child.legal_name, child.date_of_birth) == (
        f"Child of {one.reference}",
        "Amy Example",
        date(2025, 6, 1),
    )
    assert sorted(two.children.values_list("pseudonym", "legal_name")) == [
        (f"Child A of {two.reference}", "Ben Example"),
        (f"Child B of {two.reference}", "Cal Example"),
    ]


@time_machine.travel(TODAY, tick=False)
def test_the_council_may_have_known_before_the_agency(lead):
    referral = refer(lead, agency_aware_on=date(2026, 3, 9), council_aware_on=date(2026, 3, 2))
    assert referral.council_aware_on < referral.agency_aware_on


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"agency_aware_on": date(2026, 3, 11)}, "agency_aware_on"),
        ({"council_aware_on": date(2026, 3, 11)}, "council_aware_on"),
        ({"incident_date": date(2026, 3, 11)}, "incident_date"),
        ({"children": []}, "children"),
        ({"children": [ChildDetails(name="Dee", date_of_birth=date(2026, 4, 1))]}, "children"),
        ({"children": [ChildDetails(name=f"C{n}") for n in range(services.MAX_CHILDREN + 1)]}, "children"),
    ],
)
def test_a_refused_referral_names_the_field_and_saves_nothing(lead, kwargs, field):
    with pytest.raises(ValidationError) as refused:
        refer(lead, **kwargs)
    assert field in refused.value.message_dict
    assert not Referral.objects.exists()
    assert not Child.objects.exists()


def test_a_user_without_an_agency_cannot_refer(make_user):
    with pytest.raises(PermissionDenied):
        refer(make_user(roles.BOARD_MEMBER, agency=None))


@time_machine.travel(TODAY, tick=False)
def test_notifiable_hands_over_the_council_aware_date_children_and_what_happened(lead, chair):
    referral = refer(lead, council_aware_on=date(2026, 3, 6), incident_date=None)
    screened = services.referral_screen(actor=chair, referral=referral, decision="notify", reason="")
    incident = screened.incident
    assert isinstance(incident, Incident)
    assert (incident.aware_date, incident.incident_date) == (date(2026, 3, 6), date(2026, 3, 6))
    assert list(incident.children.all()) == list(referral.children.all())
    assert incident.summary == referral.what_happened
    assert incident.kind == referral.kind
    assert incident.location == IncidentLocation.IN_AREA
    assert incident.abuse_or_neglect_suspected
    # Friday 6 March is day 0: 5 working days later is Friday 13 March.
    panel = clocks.Day(TODAY).reading(clocks.PANEL_NOTIFICATION, incident)
    assert panel is not None
    assert panel.clock.due == date(2026, 3, 13)
    assert (screened.screened_on, screened.screened_by) == (TODAY, chair)
    reading = clocks.Day(TODAY).reading(clocks.REFERRAL_SCREENING, screened)
    assert reading is not None
    assert not reading.is_open


@time_machine.travel(TODAY, tick=False)
def test_the_incident_takes_the_date_it_happened_when_the_referrer_gave_it(lead, chair):
    referral = refer(lead, incident_date=date(2026, 3, 1))
    incident = services.referral_screen(actor=chair, referral=referral, decision="notify", reason="").incident
    assert incident is not None
    assert incident.incident_date == date(2026, 3, 1)


@time_machine.travel(TODAY, tick=False)
def test_notifiable_without_the_council_aware_date_is_refused_plainly_and_creates_nothing(lead, chair):
    referral = refer(lead, council_aware_on=None)
    with pytest.raises(ValidationError, match="date the council became aware"):
        services.referral_screen(actor=chair, referral=referral, decision="notify", reason="")
    referral.refresh_from_db()
    assert not referral.decision
    assert not Incident.objects.exists()


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    "decision",
    [ScreeningDecision.LOCAL_LEARNING, ScreeningDecision.SINGLE_AGENCY, ScreeningDecision.NO_FURTHER_ACTION],
)
def test_a_case_not_notifiable_is_routed_with_its_reason_and_no_incident(lead, chair, decision):
    referral = refer(lead)
    with pytest.raises(ValidationError) as refused:
        services.referral_screen(actor=chair, referral=referral, decision=decision, reason="  ")
    assert "reason" in refused.value.message_dict
    screened = services.referral_screen(
        actor=chair, referral=referral, decision=decision, reason="No neglect."
    )
    assert (screened.decision, screened.decision_reason, screened.incident) == (decision, "No neglect.", None)


@time_machine.travel(TODAY, tick=False)
def test_a_screening_is_given_once_and_never_changed(lead, chair):
    referral = refer(lead)
    services.referral_screen(actor=chair, referral=referral, decision="no_further_action", reason="Accident.")
    with pytest.raises(ValidationError, match="never changed"):
        services.referral_screen(actor=chair, referral=referral, decision="notify", reason="")
    referral.refresh_from_db()
    assert referral.decision == "no_further_action"
    assert not Incident.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_meeting_that_screens_is_recorded_on_the_referral(lead, chair):
    meeting = MeetingFactory()
    referral = refer(lead)
    screened = services.referral_screen(
        actor=chair, referral=referral, decision="local_learning", reason="Learning.", meeting=meeting
    )
    assert screened.meeting == meeting


@time_machine.travel(TODAY, tick=False)
def test_only_crag_screens(lead):
    referral = refer(lead)
    with pytest.raises(PermissionDenied):
        services.referral_screen(actor=lead, referral=referral, decision="no_further_action", reason="x")


@time_machine.travel(TODAY, tick=False)
def test_referral_and_screening_leave_audit_entries(lead, chair):
    referral = refer(lead)
    services.referral_screen(actor=chair, referral=referral, decision="notify", reason="")
    entries = LogEntry.objects.get_for_object(referral)
    assert [e.action for e in entries.order_by("pk")] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert LogEntry.objects.get_for_object(referral.children.get()).exists()
