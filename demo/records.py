"""Fictional incidents and Rapid Reviews for `manage.py seed_demo`, dated around today so that
every kind of clock shows: due soon, overdue, done on time, signed off, turned into a review."""

from datetime import date, timedelta

from crag.models import Agency, User
from demo import contributions as demo_contributions
from demo import documents as demo_documents
from demo import impact as demo_impact
from demo import learning as demo_learning
from demo import meetings as demo_meetings
from demo import people as demo_people
from demo import referrals as demo_referrals
from demo import reviews as demo_reviews
from reviews.actions import services as action_plans
from reviews.clocks import calendar_overrides, subtract_working_days
from reviews.incidents import rapid_reviews, services
from reviews.models import Child, Incident, Review, Theme
from reviews.retention import holds

CHILDREN = (
    # pseudonym, fictional legal name, age in years, gender, looked after
    ("Child A", "Demo Child Alpha", 0, "male", False),
    ("Child B", "Demo Child Bravo", 14, "female", False),
    ("Child C", "Demo Child Charlie", 15, "transgender", True),
    ("Child D", "Demo Child Delta", 3, "female", False),
    ("Child E", "Demo Child Echo", 19, "male", False),
)


def _working_days_ago(today: date, days: int) -> date:
    return subtract_working_days(today, days, calendar_overrides())


def _children(chair: User, today: date) -> dict[str, Child]:
    made = {}
    for pseudonym, name, age, gender, looked_after in CHILDREN:
        made[pseudonym] = services.child_create(
            actor=chair,
            pseudonym=pseudonym,
            legal_name=name,
            gender=gender,
            looked_after=looked_after,
            date_of_birth=today.replace(year=today.year - age) - timedelta(days=40),
            case_summary="Fictional case summary for the demonstration.",
        )
    return made


def _action_plan(chair: User, review: Review, today: date) -> None:
    """Recommendations with actions in every state: overdue, in progress, complete."""
    police = Agency.objects.get(name="Wessex Police")
    council = Agency.objects.get(name="Wessex County Council Children's Services")
    health = Agency.objects.get(name="Wessex University Hospitals NHS Foundation Trust")
    lead = User.objects.get(email="lead@crag.example")
    first = action_plans.recommendation_create(
        actor=chair,
        review=review,
        agencies=[police, council],
        priority="Exploitation",
        text="Fictional: share information about missing episodes between police and children's services "
        "within one working day.",
    )
    overdue = action_plans.action_create(
        actor=chair,
        recommendation=first,
        owner_agency=police,
        owner_name="Missing persons coordinator",
        description="Fictional: add a same-day alert to children's services for every missing episode.",
        due_on=_working_days_ago(today, 10),
    )
    action_plans.action_record_progress(
        actor=lead,
        action=overdue,
        status="in_progress",
        text="Fictional: alert designed; awaiting IT change.",
    )
    action_plans.action_create(
        actor=chair,
        recommendation=first,
        owner_agency=council,
        owner_name="Head of safeguarding",
        description="Fictional: review return-home interviews for every missing episode.",
        due_on=today + timedelta(days=45),
    )
    second = action_plans.recommendation_create(
        actor=chair,
        review=review,
        agencies=[health],
        text="Fictional: emergency departments check for a child protection plan on every attendance.",
    )
    done = action_plans.action_create(
        actor=chair,
        recommendation=second,
        owner_agency=health,
        description="Fictional: add the check to triage.",
        due_on=today - timedelta(days=20),
    )
    action_plans.action_record_progress(
        actor=chair,
        action=done,
        status="complete",
        completed_on=today - timedelta(days=25),
        text="Fictional: live in all three emergency departments.",
        evidence="Fictional: audit of 200 attendances found the check done in 96%.",
    )


def seed(*, today: date) -> int:
    """Create the demo incidents once (skipped when Child A exists); returns how many."""
    if Child.objects.filter(pseudonym="Child A").exists():
        return 0
    before = Incident.objects.count()
    chair = User.objects.get(email="chair@crag.example")
    children = _children(chair, today)
    themes = {t.slug: t for t in Theme.objects.all()}
    police = Agency.objects.get(name="Wessex Police")
    council = Agency.objects.get(name="Wessex County Council Children's Services")

    def incident(kind: str, aware: date, kids: list[str], slugs: list[str]) -> Incident:
        return services.incident_create(
            actor=chair,
            kind=kind,
            incident_date=aware - timedelta(days=1),
            aware_date=aware,
            location="in_area",
            abuse_or_neglect_suspected=True,
            children=[children[k] for k in kids],
            themes=[themes[s] for s in slugs],
            summary="Fictional summary for the demonstration.",
        )

    # Due soon: aware 2 working days ago, nobody notified yet.
    incident("serious_harm", _working_days_ago(today, 2), ["Child A"], ["non_accidental_injury"])
    # Overdue: aware 8 working days ago, still not notified.
    incident("death", _working_days_ago(today, 8), ["Child B"], ["suicide_or_attempted_suicide", "self_harm"])
    # Notified on time; Rapid Review in progress with a summary and a safety action.
    in_progress = incident(
        "serious_harm", _working_days_ago(today, 9), ["Child D"], ["neglect", "domestic_abuse"]
    )
    services.incident_record_notifications(
        actor=chair,
        incident=in_progress,
        dates={
            "panel_notified_on": _working_days_ago(today, 7),
            "partnership_informed_on": _working_days_ago(today, 7),
        },
        national_reference="DEMO-0001",
    )
    rapid_review = rapid_reviews.rapid_review_open(actor=chair, incident=in_progress)
    rapid_reviews.agency_summary_save(
        actor=chair,
        rapid_review=rapid_review,
        agency=police,
        summary="Fictional: two call-outs to the address in the last year.",
    )
    rapid_reviews.safety_action_add(
        actor=chair,
        rapid_review=rapid_review,
        kind="risk_assessment",
        description="Update the risk assessment for the sibling.",
        owner_agency=council,
    )
    demo_contributions.seed(today=today, chair=chair, rapid_review=rapid_review)
    # Decided, signed off, agreed by the Panel, and a CSPR opened.
    decided = incident(
        "looked_after_death",
        _working_days_ago(today, 30),
        ["Child C"],
        ["child_criminal_exploitation", "missing_from_home_or_school"],
    )
    services.incident_record_notifications(
        actor=chair,
        incident=decided,
        dates={f: _working_days_ago(today, 27) for f in services.NOTIFICATION_FIELDS},
        national_reference="DEMO-0002",
    )
    rapid_review = rapid_reviews.rapid_review_open(actor=chair, incident=decided)
    rapid_reviews.rapid_review_update(
        actor=chair,
        rapid_review=rapid_review,
        fields={
            "meeting_on": _working_days_ago(today, 20),
            "meets_cspr_criteria": True,
            "complex_or_national_importance": False,
            "decision_reasons": "Fictional: serious harm, abuse suspected, learning for several agencies.",
            "learning_points": "Fictional: information sharing about missing episodes.",
        },
    )
    demo_people.agree_as_partners(rapid_review)
    rapid_reviews.rapid_review_sign_off(actor=chair, rapid_review=rapid_review)
    rapid_reviews.rapid_review_update(
        actor=chair,
        rapid_review=rapid_review,
        fields={
            "sent_to_panel_on": _working_days_ago(today, 14),
            "panel_response": "agree",
            "panel_considers_criteria_met": True,
            "panel_responded_on": _working_days_ago(today, 5),
            "outcome": "cspr",
        },
    )
    review = rapid_reviews.review_create_from_outcome(
        actor=chair, rapid_review=rapid_review, decision_on=_working_days_ago(today, 5)
    )
    _action_plan(chair, review, today)
    # A care leaver's death: Ofsted and the Secretary of State, no Rapid Review.
    incident("care_leaver_death", _working_days_ago(today, 1), ["Child E"], ["child_mental_health"])
    demo_reviews.seed(today=today, chair=chair, current=review)
    # A legal hold (placed by the Partnership admin): an inquest into Child C's death is pending, so
    # the retention schedule leaves the review, its incident and Child C alone until it is lifted.
    holds.hold_place(
        actor=User.objects.get(email="admin@crag.example"),
        reason="inquest",
        detail="Fictional: the coroner's inquest into Child C's death is listed for next year.",
        review=review,
    )
    demo_documents.seed()
    demo_learning.seed(today=today, chair=chair, review=review)
    demo_referrals.seed(today=today, chair=chair)
    demo_meetings.seed(today=today, chair=chair)
    demo_impact.seed(today=today, chair=chair)
    return Incident.objects.count() - before  # the demo reviews bring incidents of their own
