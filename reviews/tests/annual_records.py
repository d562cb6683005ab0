"""Records for the annual report's statistics tests, made by hand, and the contract's keys
(DESIGN.md section 5).
"""

from decimal import Decimal

from crag.models import Agency
from reviews.models import Action, Child, LearningEvent, RapidReview, Recommendation, Theme
from reviews.tests.factories import IncidentFactory, RecommendationFactory, ReviewFactory

Y = 2019

# The keys each section must have, exactly (DESIGN.md section 5).
SECTION_KEYS = {
    "incidents": {"count", "children", "age_bands", "themes", "notified_on_time", "notified_late"},
    "rapid_reviews": {
        "count",
        "met_cspr_criteria",
        "panel_agreed",
        "panel_disagreed",
        "outcomes",
        "panel_considered_criteria_met",
    },
    "reviews": {
        "count",
        "by_kind",
        "by_status",
        "children",
        "age_bands",
        "under_5",
        "gender",
        "deceased",
        "themes",
        "recommendations_average",
        "cost_min",
        "cost_max",
        "cost_total",
        "published_in_year",
        "stage_at_year_end",
        "themes_by_age_band",
    },
    "timeliness": {
        "rapid_reviews_on_time",
        "rapid_reviews_late",
        "csprs_on_time",
        "csprs_late",
        "csprs_overdue_at_year_end",
        "reasons_for_delay_sent",
    },
    "learning_reviews": {"count", "by_status", "by_kind"},
    "actions": {"count", "by_status", "overdue", "by_rag"},
    "learning_events": {"count", "by_kind", "attendees"},
}
AGE_BANDS = {"under_1", "1_to_5", "6_to_10", "11_to_15", "16_to_17", "18_plus", "unknown"}
MONEY_KEYS = ("cost_min", "cost_max", "cost_total")


# --- Building records -----------------------------------------------------------------------------


def make_child(pseudonym, date_of_birth, gender="not_known", deceased=False, date_of_death=None):
    return Child.objects.create(
        pseudonym=pseudonym,
        date_of_birth=date_of_birth,
        gender=gender,
        deceased=deceased,
        date_of_death=date_of_death,
    )


def make_incident(reference, incident_date, aware_date, notified=None, children=(), themes=()):
    return IncidentFactory(
        reference=reference,
        kind="death",
        incident_date=incident_date,
        aware_date=aware_date,
        panel_notified_on=notified,
        children=children,
        themes=Theme.objects.filter(slug__in=themes),
    )


def incident_of_one(pseudonym, date_of_birth, on):
    """An incident on `on` (aware the same day, not notified) of one new child."""
    child = make_child(pseudonym, date_of_birth)
    return make_incident(f"INC-{pseudonym}", on, on, None, [child])


def make_rapid_review(incident, meets, response, outcome="", panel=None):
    return RapidReview.objects.create(
        incident=incident,
        meets_cspr_criteria=meets,
        panel_response=response,
        outcome=outcome,
        panel_considers_criteria_met=panel,
    )


def make_review(
    title,
    kind,
    decision_on,
    status,
    children=(),
    themes=(),
    cost=None,
    signed_off_on=None,
    published_on=None,
    recommendations=0,
):
    review = ReviewFactory(
        title=title,
        kind=kind,
        decision_on=decision_on,
        status=status,
        cost_gbp=None if cost is None else Decimal(cost),
        signed_off_on=signed_off_on,
        published_on=published_on,
        children=children,
        themes=Theme.objects.filter(slug__in=themes),
    )
    for number in range(1, recommendations + 1):
        RecommendationFactory(review=review, number=number, text=f"{title}: recommendation {number}")
    return review


def make_action(review, number, due_on, status, rag="", completed_on=None, agency=None):
    return Action.objects.create(
        recommendation=Recommendation.objects.get(review=review, number=number),
        description=f"Action on {review.title} recommendation {number} due {due_on}",
        owner_agency=agency or Agency.objects.get(name="Wessex Police"),
        due_on=due_on,
        status=status,
        rag=rag,
        completed_on=completed_on,
    )


def make_event(title, kind, held_on, attendees):
    return LearningEvent.objects.create(title=title, kind=kind, held_on=held_on, attendees=attendees)


# --- Comparing values -----------------------------------------------------------------------------


def nonzero(counts):
    """A map of counts as the contract allows it to be given: zeros may be omitted."""
    return {key: value for key, value in counts.items() if value != 0}


def money(value):
    """Money is a decimal, given as a string or a number."""
    return None if value is None else Decimal(str(value))
