"""Property test of the clock registry: over random incidents, Rapid Reviews, reviews, actions,
resources sent to agencies with their uses, and assurance activity,
each clock's database filter selects exactly the records whose Python rule says the clock is
open (on a day, in history), running (today's view) and overdue."""

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crag.tests.factories import AgencyFactory, UserFactory
from notifications.calendar import NO_OVERRIDES
from reviews import clocks
from reviews.choices import ActionStatus, ContributionStatus, IncidentKind, ReviewKind, ReviewStatus
from reviews.models import (
    Action,
    AssuranceActivity,
    ContributionRequest,
    Incident,
    Meeting,
    MeetingAction,
    RapidReview,
    Recommendation,
    Referral,
    Review,
)
from reviews.tests.factories import LearningResourceFactory
from reviews.tests.factories_impact import DisseminationFactory, ResourceUseFactory

FIRST, LAST = date(2025, 1, 1), date(2025, 12, 31)  # one year: records and days overlap often
days = st.dates(FIRST, LAST)
maybe_after = st.one_of(st.none(), st.integers(0, 60))


def later(start: date, offset: int | None) -> date | None:
    return None if offset is None else start + timedelta(days=offset)


incidents = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(IncidentKind.values),
        "suspected": st.booleans(),
        "aware": days,
        "notified": st.tuples(maybe_after, maybe_after, maybe_after, maybe_after),
        "rapid_review": st.one_of(st.none(), st.tuples(maybe_after, maybe_after)),
    }
)
reviews = st.fixed_dictionaries(
    {
        "kind": st.sampled_from([ReviewKind.CSPR, ReviewKind.CSPR, *ReviewKind.values]),
        "status": st.sampled_from([ReviewStatus.CLOSED, ReviewStatus.PUBLISHED, *ReviewStatus.values]),
        "decided": days,
        "published": maybe_after,
        "closed": maybe_after,
        "planned": maybe_after,
        "notices": st.tuples(maybe_after, maybe_after, maybe_after),
        "delay_sent": maybe_after,
        "checked": maybe_after,
    }
)
# Requests for agencies' returns, referrals and meeting actions (issues 18 and 19).
returns = st.fixed_dictionaries(
    {
        "status": st.sampled_from(ContributionStatus.values),
        "asked": days,
        "due": st.integers(0, 30),
        "sent": maybe_after,
    }
)
referrals = st.fixed_dictionaries({"referred": days, "screened": maybe_after})
meeting_actions = st.fixed_dictionaries({"held": days, "due": st.integers(0, 60), "done": maybe_after})
# Resources sent to agencies, each with the days after sending its uses were recorded; assurance
# activity planned, created and perhaps completed (issue 20).
sendings = st.fixed_dictionaries({"sent": days, "recorded": st.lists(st.integers(0, 120), max_size=2)})
assurances = st.fixed_dictionaries({"created": days, "planned": st.integers(-30, 90), "done": maybe_after})
actions = st.fixed_dictionaries(
    {"status": st.sampled_from(ActionStatus.values), "due": days, "done": st.integers(0, 60), "created": days}
)


def make_incident(n: int, spec: dict[str, Any]) -> None:
    aware = spec["aware"]
    panel, partners, ofsted, sos = (later(aware, o) for o in spec["notified"])
    incident = Incident.objects.create(
        reference=f"P-{n}",
        kind=spec["kind"],
        abuse_or_neglect_suspected=spec["suspected"],
        incident_date=aware,
        aware_date=aware,
        panel_notified_on=panel,
        partnership_informed_on=partners,
        ofsted_notified_on=ofsted,
        secretary_of_state_notified_on=sos,
    )
    if spec["rapid_review"] is not None:
        sent = later(aware, spec["rapid_review"][0])
        responded = later(sent, spec["rapid_review"][1]) if sent else None
        RapidReview.objects.create(incident=incident, sent_to_panel_on=sent, panel_responded_on=responded)


def make_review(spec: dict[str, Any]) -> None:
    decided = spec["decided"]
    published = later(decided, spec["published"])
    status = spec["status"]
    if status == ReviewStatus.PUBLISHED and published is None:
        published = decided
    notices = [later(decided, o) for o in spec["notices"]]
    Review.objects.create(
        kind=spec["kind"],
        title="Child P",
        decision_on=decided,
        status=status,
        published_on=published,
        closed_on=later(decided, spec["closed"]),
        planned_publication_on=later(decided, spec["planned"]),
        panel_notice_on=notices[0],
        secretary_of_state_notice_on=notices[1],
        ofsted_notice_on=notices[2],
        delay_reason_sent_on=later(decided, spec["delay_sent"]),
        progress_checked_on=later(decided, spec.get("checked")),
    )


def make_action(recommendation: Recommendation, spec: dict[str, Any]) -> None:
    done = spec["status"] in (ActionStatus.COMPLETE, ActionStatus.CLOSED)
    action = Action.objects.create(
        recommendation=recommendation,
        description="Audit",
        owner_agency=recommendation.review_agency,
        due_on=spec["due"],
        status=spec["status"],
        completed_on=spec["due"] + timedelta(days=spec["done"]) if done or spec["done"] % 2 else None,
    )
    created = timezone.make_aware(datetime.combine(spec["created"], time(12)))
    Action.objects.filter(pk=action.pk).update(created_at=created)


def make_return(world: dict[str, Any], spec: dict[str, Any]) -> None:
    asked = spec["asked"]
    owed = spec["status"] in ContributionStatus.OPEN
    sent = later(asked, spec["sent"]) or asked
    ContributionRequest.objects.create(
        review=world["review"],
        agency=world["agency"],
        kind="agency_report",
        requested_on=asked,
        due_on=asked + timedelta(days=spec["due"]),
        status=spec["status"],
        submitted_on=None if owed else sent,
    )


def make_referral(world: dict[str, Any], n: int, spec: dict[str, Any]) -> None:
    screened = later(spec["referred"], spec["screened"])
    Referral.objects.create(
        reference=f"R-{n}",
        referring_agency=world["agency"],
        referred_on=spec["referred"],
        kind="serious_harm",
        what_happened="Referred",
        agency_aware_on=spec["referred"],
        abuse_or_neglect_suspected="not_sure",
        decision="no_further_action" if screened else "",
        screened_on=screened,
    )


def make_meeting_action(world: dict[str, Any], spec: dict[str, Any]) -> None:
    meeting = Meeting.objects.create(held_on=spec["held"], starts_at=time(10))
    MeetingAction.objects.create(
        meeting=meeting,
        description="Write to the school",
        owner_agency=world["agency"],
        due_on=spec["held"] + timedelta(days=spec["due"]),
        done_on=later(spec["held"], spec["done"]),
        created_by=world["user"],
    )


def at_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def make_sending(world: dict[str, Any], spec: dict[str, Any]) -> None:
    sent = DisseminationFactory(
        resource=LearningResourceFactory(), sent_on=spec["sent"], sent_by=world["user"]
    )
    for offset in spec["recorded"]:
        use = ResourceUseFactory(dissemination=sent, used_from=spec["sent"], recorded_by=world["user"])
        recorded = at_noon(spec["sent"] + timedelta(days=offset))
        type(use).objects.filter(pk=use.pk).update(recorded_at=recorded)


def make_assurance(world: dict[str, Any], spec: dict[str, Any]) -> None:
    created = spec["created"]
    done = later(created, spec["done"])
    activity = AssuranceActivity.objects.create(
        kind="survey",
        title="Survey",
        planned_on=created + timedelta(days=spec["planned"]),
        completed_on=done,
        findings="Found" if done else "",
        practice_changed="changed" if done else "",
        created_by=world["user"],
    )
    AssuranceActivity.objects.filter(pk=activity.pk).update(created_at=at_noon(created))


def agree(definition: clocks.ClockDefinition, day: date) -> None:
    records = list(clocks.RECORDS[definition.model]())
    selected = {
        name: set(definition.model.objects.filter(q).values_list("pk", flat=True))
        for name, q in (("open", definition.open_q(day)), ("running", definition.running_q(day)))
    }
    assert selected["open"] == {r.pk for r in records if definition.is_open(r, day)}, definition.key
    assert selected["running"] == {r.pk for r in records if definition.is_running(r, day)}, definition.key
    if definition.start_field:
        overdue = set(
            definition.model.objects.filter(definition.overdue_q(day, NO_OVERRIDES)).values_list(
                "pk", flat=True
            )
        )
        expected = set()
        for record in records:
            clock = definition.clock(record, day=day, overrides=NO_OVERRIDES)
            if definition.is_running(record, day) and clock is not None and clock.due < day:
                expected.add(record.pk)
        assert overdue == expected, definition.key


@pytest.fixture
def world(recommendation):
    return {"review": recommendation.review, "agency": recommendation.review_agency, "user": UserFactory()}


@pytest.fixture
def recommendation(db):
    review = Review.objects.create(kind="local", title="Child A", decision_on=date(2024, 1, 5))
    recommendation = Recommendation.objects.create(review=review, number=1, text="Share")
    recommendation.review_agency = AgencyFactory()
    return recommendation


def review_spec(**fields) -> dict[str, Any]:
    spec = {"kind": "cspr", "status": "in_progress", "decided": date(2025, 1, 6), "published": None}
    return (
        spec | {"closed": None, "planned": None, "notices": (None, None, None), "delay_sent": None} | fields
    )


# The edges, always tried: closed on an unknown day, closed after the day read, notices all sent,
# a notification and a Rapid Review done after the day read, an action completed after it.
EDGES = {
    "incident_specs": [
        {
            "kind": "death",
            "suspected": True,
            "aware": date(2025, 3, 3),
            "notified": (40, 2, None, None),
            "rapid_review": (45, 10),
        },
        {
            "kind": "looked_after_death",
            "suspected": False,
            "aware": date(2025, 3, 3),
            "notified": (None, None, 1, 50),
            "rapid_review": None,
        },
    ],
    "review_specs": [
        review_spec(status="closed"),
        review_spec(status="closed", closed=200),
        review_spec(status="signed_off", planned=170, notices=(150, 160, 168)),
        review_spec(status="signed_off", planned=86),  # published after the day read, notices due before
        review_spec(kind="scr", status="published", published=100),
    ],
    "action_specs": [
        {"status": "complete", "due": date(2025, 3, 3), "done": 30, "created": date(2025, 2, 1)}
    ],
    "extra_specs": (
        [{"status": "submitted", "asked": date(2025, 3, 3), "due": 5, "sent": 40}],
        [{"referred": date(2025, 3, 31), "screened": 1}],
        [{"held": date(2025, 3, 3), "due": 10, "done": 45}],
        [{"sent": date(2025, 1, 6), "recorded": [84, 120]}, {"sent": date(2025, 3, 31), "recorded": [1]}],
        [
            {"created": date(2025, 2, 3), "planned": 30, "done": 60},
            {"created": date(2025, 3, 3), "planned": 0, "done": None},
        ],
    ),
    "day": date(2025, 4, 1),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(**EDGES)
@example(**(EDGES | {"day": date(2025, 8, 29)}))
@given(
    incident_specs=st.lists(incidents, max_size=8),
    review_specs=st.lists(reviews, max_size=6),
    action_specs=st.lists(actions, max_size=6),
    extra_specs=st.tuples(
        st.lists(returns, max_size=4),
        st.lists(referrals, max_size=4),
        st.lists(meeting_actions, max_size=4),
        st.lists(sendings, max_size=4),
        st.lists(assurances, max_size=4),
    ),
    day=days,
)
def test_each_clocks_database_filter_agrees_with_its_python_rule(
    recommendation, world, incident_specs, review_specs, action_specs, extra_specs, day
):
    with transaction.atomic():
        for n, spec in enumerate(incident_specs):
            make_incident(n, spec)
        for spec in review_specs:
            make_review(spec)
        for spec in action_specs:
            make_action(recommendation, spec)
        return_specs, referral_specs, meeting_action_specs, sending_specs, assurance_specs = extra_specs
        for spec in return_specs:
            make_return(world, spec)
        for n, spec in enumerate(referral_specs):
            make_referral(world, n, spec)
        for spec in meeting_action_specs:
            make_meeting_action(world, spec)
        for spec in sending_specs:
            make_sending(world, spec)
        for spec in assurance_specs:
            make_assurance(world, spec)
        for definition in clocks.REGISTRY:
            if definition.model in clocks.RECORDS:
                agree(definition, day)
        transaction.set_rollback(True)


def test_every_clock_but_the_annual_reports_has_a_database_filter_over_its_records():
    without = [d.key for d in clocks.REGISTRY if d.model not in clocks.RECORDS]
    assert without == ["annual_report"]
