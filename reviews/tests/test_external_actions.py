"""Issue 20's check: an external review's recommendations and their actions behave exactly like a
local review's on the action plan (the Business Group's rating, closing with evidence, the
action_due clock's reminders), through the same services, parametrised over both sources; and the
action plan's Source column, filter and CSV."""

import csv
import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from conftest import queries_for
from crag import roles
from crag.tests.factories import AgencyFactory
from notifications import services as sweeping
from notifications.models import Reminder
from reviews.actions import services as action_plans
from reviews.external import services as register
from reviews.models import Review
from reviews.tests.factories_impact import ExternalRecommendationFactory
from reviews.tests.test_lost_updates import hidden


def _recommendation(source, chair, agencies):
    """A recommendation of a local review, or of an external review, made by its own service."""
    if source == "local":
        review = Review.objects.create(kind="cspr", title="Child R", decision_on=date(2026, 1, 5))
        return action_plans.recommendation_create(
            actor=chair, review=review, text="Share information at the front door", agencies=agencies
        )
    external = register.external_review_create(
        actor=chair,
        source="national_review",
        title="Child Protection in England",
        published_on=date(2025, 5, 1),
    )
    return register.external_recommendation_create(
        actor=chair, review=external, text="Share information at the front door", agencies=agencies
    )


@pytest.fixture(params=["local", "external"])
def world(request, make_user):
    police, health = AgencyFactory(name="Police"), AgencyFactory(name="Health")
    chair = make_user(roles.CRAG_CHAIR)
    recommendation = _recommendation(request.param, chair, [police, health])
    action = action_plans.action_create(
        actor=chair,
        recommendation=recommendation,
        description="Train call handlers",
        owner_agency=police,
        due_on=date(2026, 3, 31),
    )
    return {
        "source": request.param,
        "chair": chair,
        "recommendation": recommendation,
        "action": action,
        "police_lead": make_user(roles.AGENCY_ACTION_LEAD, agency=police),
        "health_lead": make_user(roles.AGENCY_ACTION_LEAD, agency=health),
        "business": make_user(roles.BUSINESS_GROUP),
    }


def test_the_business_group_rates_it_and_only_they_rate(world):
    with pytest.raises(PermissionDenied):
        action_plans.action_rate(actor=world["police_lead"], action=world["action"], rag="red", comment="x")
    with pytest.raises(ValidationError, match="Explain"):
        action_plans.action_rate(actor=world["business"], action=world["action"], rag="red", comment="")
    rated = action_plans.action_rate(
        actor=world["business"], action=world["action"], rag="amber", comment="Slow"
    )
    assert (rated.rag, rated.rag_comment) == ("amber", "Slow")


def test_closing_needs_evidence_and_only_the_business_group_closes(world):
    lead, business = world["police_lead"], world["business"]
    with pytest.raises(ValidationError, match="Only the Business Group"):
        action_plans.action_record_progress(actor=lead, action=world["action"], text="", status="closed")
    with pytest.raises(PermissionDenied):
        action_plans.action_close(actor=lead, action=world["action"], evidence="x")
    with pytest.raises(ValidationError, match="evidence"):
        action_plans.action_close(actor=business, action=world["action"], evidence="  ")
    closed = action_plans.action_close(actor=business, action=world["action"], evidence="Referrals audited")
    assert (closed.status, closed.evidence, closed.completed_on is not None) == (
        "closed",
        "Referrals audited",
        True,
    )


def test_the_owner_agencys_lead_updates_it_and_no_other_agencys(world):
    done = action_plans.action_record_progress(
        actor=world["police_lead"], action=world["action"], text="Trained 40", status="in_progress"
    )
    assert done.updates.get().author == world["police_lead"]
    with pytest.raises(PermissionDenied):
        action_plans.action_record_progress(
            actor=world["health_lead"], action=world["action"], text="x", status="in_progress"
        )


def test_overdue_it_reminds_the_owner_agencys_lead_and_escalates_to_the_business_group(world):
    sweeping.sweep(today=date(2026, 4, 1))  # a Wednesday after the due date
    reminders = Reminder.objects.filter(subject_type="action", subject_id=world["action"].pk)
    assert {r.recipient for r in reminders} == {world["police_lead"], world["business"]}
    assert {r.stage for r in reminders} == {"overdue:2026-04-01"}


def test_the_day_before_it_is_due_only_the_owner_agencys_lead_hears(world):
    sweeping.sweep(today=world["action"].due_on - timedelta(days=1))
    reminders = Reminder.objects.filter(subject_type="action", subject_id=world["action"].pk)
    assert {(r.recipient, r.stage) for r in reminders} == {(world["police_lead"], "day_before")}


def test_its_action_due_clock_is_listed_by_the_deadlines_command(world):
    out = StringIO()  # an action's clock is open from its creation (today) on
    today = timezone.localdate().isoformat()
    call_command("deadlines", "--as-of", today, "--format", "json", stdout=out)
    clocks = [c for c in json.loads(out.getvalue()) if c["subject"] == "action"]
    assert [(c["id"], c["clock"], c["due"], c["state"]) for c in clocks] == [
        (world["action"].pk, "action_due", "2026-03-31", "overdue")
    ]


def test_the_action_plan_shows_its_source(client, world, sign_in):
    sign_in(client, world["business"])
    body = client.get("/actions/").content.decode()
    label = "Local review" if world["source"] == "local" else "National review (Child Safeguarding"
    assert ">Source</th>" in body
    assert label in body
    lead_view = sign_in(client, world["police_lead"]).get("/actions/")
    assert [a.pk for a in lead_view.context["page"].object_list] == [world["action"].pk]


def test_the_action_page_rates_it_through_the_same_form(client, world, sign_in):
    sign_in(client, world["business"])
    rate = f"/actions/{world['action'].pk}/rate/"
    response = client.post(
        rate, {**hidden(client.get(rate).content.decode()), "rag": "green", "comment": "Done"}
    )
    assert response.status_code == 302
    world["action"].refresh_from_db()
    assert world["action"].rag == "green"


# --- Local and external together ----------------------------------------------------------------


@pytest.fixture
def both(make_user):
    chair, police = make_user(roles.CRAG_CHAIR), AgencyFactory(name="Police")
    made = {}
    for source in ("local", "external"):
        recommendation = _recommendation(source, chair, [police])
        made[source] = action_plans.action_create(
            actor=chair,
            recommendation=recommendation,
            description=f"A {source} action",
            owner_agency=police,
            due_on=date(2026, 3, 31),
        )
    sar = ExternalRecommendationFactory(external_review__source="sar", external_review__title="SAR: Adult P")
    made["sar"] = action_plans.action_create(
        actor=chair,
        recommendation=sar,
        description="A SAR action",
        owner_agency=police,
        due_on=date(2026, 4, 1),
    )
    made["business"] = make_user(roles.BUSINESS_GROUP)
    made["chair"] = chair
    return made


def _shown(client, **query):
    return {a.description for a in client.get("/actions/", query).context["page"].object_list}


def test_the_source_filter_picks_local_external_or_one_kind_of_external_review(client, both, sign_in):
    sign_in(client, both["business"])
    assert _shown(client) == {"A local action", "A external action", "A SAR action"}
    assert _shown(client, source="local") == {"A local action"}
    assert _shown(client, source="external") == {"A external action", "A SAR action"}
    assert _shown(client, source="sar") == {"A SAR action"}
    assert _shown(client, source="national_review") == {"A external action"}


def test_the_review_filter_matches_external_titles_too(client, both, sign_in):
    sign_in(client, both["business"])
    assert _shown(client, review="child r") == {"A local action"}
    assert _shown(client, review="protection in england") == {"A external action"}


def test_the_action_plan_csv_names_each_actions_source(client, both, sign_in):
    sign_in(client, both["business"])
    response = client.get("/actions/", {"format": "csv", "sort": "due"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(StringIO(body)))
    assert (header[0], header[-1]) == ("review", "source")
    sources = {row[0]: row[-1] for row in rows}
    assert sources == {
        "Child R": "Local review",
        "Child Protection in England": "National review (Child Safeguarding Practice Review Panel)",
        "SAR: Adult P": "Safeguarding adults review",
    }


def test_the_action_plan_query_count_stays_flat_with_external_actions(client, both, sign_in):
    sign_in(client, both["business"])
    client.get("/actions/")
    few = queries_for(client, "/actions/")
    police = both["local"].owner_agency
    for i in range(10):
        recommendation = ExternalRecommendationFactory(external_review__title=f"External {i}")
        action_plans.action_create(
            actor=both["chair"],
            recommendation=recommendation,
            description=f"External action {i}",
            owner_agency=police,
            due_on=date(2026, 5, 1),
        )
    assert queries_for(client, "/actions/") == few
