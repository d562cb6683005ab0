"""Fictional learning into practice for `manage.py seed_demo` (issue 20), told through Child G's
published review: a 7-minute briefing sent to three agencies seven months ago, two of which
recorded how they used it (the police have not: the resource_use_due clock chases them); a
multi-agency audit six months on that found practice changed, a planned survey, and an audit past
its date (the assurance_due clock); the review's S-CRT health details; and two external reviews in
the register with their local response, recommendations and actions on the action plan (one
overdue). Runs once: nothing is made when the briefing exists."""

from datetime import date, timedelta

from crag.models import Agency, User
from reviews.actions import services as action_plans
from reviews.external import services as external
from reviews.impact import assurance
from reviews.impact import services as impact
from reviews.learning import services as learning
from reviews.models import LearningResource, Review, Theme
from reviews.scrt import services as scrt

BRIEFING = "Fictional: 7-minute briefing on missed health appointments (Child G)"
POLICE = "Wessex Police"
COUNCIL = "Wessex County Council Children's Services"
HEALTH = "Wessex Health NHS Foundation Trust"
HOSPITALS = "Wessex University Hospitals NHS Foundation Trust"


def seed(*, today: date, chair: User) -> None:
    """Create the demo's learning into practice (called once, by demo.records.seed)."""
    review = Review.objects.filter(children__pseudonym="Child G").first()
    if review is None or LearningResource.objects.filter(title=BRIEFING).exists():
        return
    agencies = {a.name: a for a in Agency.objects.filter(name__in=[POLICE, COUNCIL, HEALTH, HOSPITALS])}
    themes = {t.slug: t for t in Theme.objects.all()}
    _briefing(today, chair, review, agencies)
    _assurance(today, chair, review, agencies, themes)
    scrt.review_health_update(
        actor=chair,
        review=review,
        steis_number="2025/00000 (fictional)",
        designated_professional="Fictional: Dr Dana Designated, Wessex Integrated Care Board",
        health_organisations=f"{HOSPITALS}\n{HEALTH}",
    )
    _external_reviews(today, chair, agencies, themes)


def _briefing(today: date, chair: User, review: Review, agencies: dict[str, Agency]) -> None:
    resource = learning.learning_resource_create(
        actor=chair,
        kind="seven_minute_guide",
        title=BRIEFING,
        published_on=today - timedelta(days=215),
        url="https://example.org/fictional/7-minute-briefing-child-g",
        description="Fictional: why missed health appointments matter, and who to tell.",
        reviews=[review],
        recommendations=list(review.recommendations.all()),
    )
    sent = impact.resource_send(
        actor=chair,
        resource=resource,
        agencies=[agencies[POLICE], agencies[COUNCIL], agencies[HEALTH]],
        sent_on=today - timedelta(days=210),
        message="Fictional: please use it in team meetings and tell us how within twelve weeks.",
    )
    by_agency = {d.agency.name: d for d in sent}
    impact.resource_use_record(
        actor=User.objects.get(email="lead.council@crag.example"),
        dissemination=by_agency[COUNCIL],
        how="team_meeting",
        used_from=today - timedelta(days=200),
        used_to=today - timedelta(days=170),
        reach=42,
        evidence="Fictional: discussed at every locality team meeting in June; minutes kept.",
    )
    health_lead = User.objects.get(email="lead.health@crag.example")
    impact.resource_use_record(
        actor=health_lead,
        dissemination=by_agency[HEALTH],
        how="training",
        used_from=today - timedelta(days=190),
        reach=65,
        evidence="Fictional: part of the school nurses' mandatory safeguarding update.",
    )
    impact.resource_use_record(
        actor=health_lead,
        dissemination=by_agency[HEALTH],
        how="policy_changed",
        used_from=today - timedelta(days=150),
        evidence="Fictional: the school nursing procedure now asks for the GP to be told of two missed "
        "appointments in a row.",
    )


def _assurance(
    today: date, chair: User, review: Review, agencies: dict[str, Agency], themes: dict[str, Theme]
) -> None:
    three = [agencies[POLICE], agencies[COUNCIL], agencies[HEALTH]]
    audit = assurance.assurance_plan(
        actor=chair,
        kind="multi_agency_audit",
        title="Fictional: multi-agency audit of missed health appointments, six months on",
        planned_on=today - timedelta(days=30),
        agencies=three,
        recommendations=list(review.recommendations.all()),
        themes=[t for s, t in themes.items() if s == "neglect"],
    )
    assurance.assurance_findings_record(
        actor=chair,
        activity=audit,
        completed_on=today - timedelta(days=25),
        sample=18,
        findings="Fictional: in 15 of the 18 files, two missed appointments were shared with the GP "
        "within a week; before the review it was 4 of 18.",
        practice_changed="changed",
    )
    assurance.assurance_plan(
        actor=chair,
        kind="single_agency_audit",
        title="Fictional: audit of school nurses' missed-appointment checklists",
        planned_on=today - timedelta(days=10),
        agencies=[agencies[HEALTH]],
        recommendations=list(review.recommendations.all()),
    )
    assurance.assurance_plan(
        actor=chair,
        kind="survey",
        title="Fictional: practitioner survey on professional curiosity",
        planned_on=today + timedelta(days=60),
        agencies=three,
        themes=[t for s, t in themes.items() if s in ("neglect", "education")],
    )


def _external_reviews(
    today: date, chair: User, agencies: dict[str, Agency], themes: dict[str, Theme]
) -> None:
    national = external.external_review_create(
        actor=chair,
        source="national_review",
        title="Fictional: national review of safeguarding disabled children in residential settings",
        author="Child Safeguarding Practice Review Panel",
        published_on=today - timedelta(days=300),
        url="https://example.org/fictional/national-review-residential",
        summary="Fictional: what went wrong for children living far from home, and what must change.",
        themes=[t for s, t in themes.items() if s == "neglect"],
    )
    external.local_response_record(
        actor=chair,
        review=national,
        version=national.version,
        local_response="Fictional gap analysis: our placements are visited, but children's own views are "
        "not recorded at each visit. One recommendation adopted locally.",
        response_agreed_on=today - timedelta(days=250),
    )
    recommendation = external.external_recommendation_create(
        actor=chair,
        review=national,
        text="Fictional: record the child's own view at every placement visit.",
        agencies=[agencies[COUNCIL]],
    )
    action_plans.action_create(
        actor=chair,
        recommendation=recommendation,
        description="Fictional: add the child's view to the placement visit form.",
        owner_agency=agencies[COUNCIL],
        due_on=today + timedelta(days=45),
    )
    dhr = external.external_review_create(
        actor=chair,
        source="dhr",
        title="Fictional: domestic abuse related death review of Adult K",
        author="Wessex Community Safety Partnership",
        published_on=today - timedelta(days=120),
        themes=[t for s, t in themes.items() if s == "domestic_abuse"],
    )
    recommendation = external.external_recommendation_create(
        actor=chair,
        review=dhr,
        text="Fictional: officers attending domestic abuse call-outs check whether children live there.",
        agencies=[agencies[POLICE]],
    )
    action_plans.action_create(
        actor=chair,
        recommendation=recommendation,
        description="Fictional: add a question about children to the attending officer's checklist.",
        owner_agency=agencies[POLICE],
        due_on=today - timedelta(days=14),
    )
