"""The section `recorded` of the annual report's statistics (docs/annual-report-statistics.md):
what CRAG records beside the contract's figures. Records built by hand for 2019/20 (1 April 2019
to 31 March 2020) and its neighbours; every expected value worked out from the definitions."""

import json
from datetime import date

import pytest

from crag.models import Agency
from reviews.annual_report.statistics import statistics
from reviews.models import (
    Action,
    Commendation,
    Incident,
    LearningEvent,
    LearningResource,
    LifeLetter,
    RapidReview,
    Recommendation,
    SafetyAction,
)
from reviews.tests.annual_records import Y, make_child, make_review

pytestmark = pytest.mark.django_db

RECORDED_KEYS = {
    "safety_actions",
    "panel_differed",
    "engagement",
    "life_letters",
    "learning_resources",
    "commendations",
    "learning_event_titles",
    "recommendations_by_priority",
    "action_plans",
}


def rapid_review(reference: str, on: date, ours: bool | None, panel: bool | None) -> RapidReview:
    incident = Incident.objects.create(reference=reference, kind="death", incident_date=on, aware_date=on)
    return RapidReview.objects.create(
        incident=incident, meets_cspr_criteria=ours, panel_considers_criteria_met=panel
    )


def safety_action(rapid: RapidReview, agency: Agency, done_on: date | None) -> SafetyAction:
    return SafetyAction.objects.create(
        rapid_review=rapid,
        kind="risk_assessment",
        description="Risk assessment",
        owner_agency=agency,
        done_on=done_on,
    )


def test_an_empty_year_has_every_key_empty(themes):
    assert statistics(Y)["recorded"] == {
        "safety_actions": {"count": 0, "done": 0},
        "panel_differed": [],
        "engagement": {"family": {}, "practitioners": {}},
        "life_letters": {},
        "learning_resources": [],
        "commendations": [],
        "learning_event_titles": [],
        "recommendations_by_priority": {},
        "action_plans": {"completed_reviews": 0, "with_action_plan": 0},
    }


def test_safety_actions_and_the_panels_differing_view_of_the_years_rapid_reviews(themes):
    police = Agency.objects.create(name="Wessex Police", kind="police")
    agreed = rapid_review("INC-1", date(2019, 4, 1), True, True)  # the same view: not listed
    differed = rapid_review("INC-2", date(2019, 9, 1), False, True)
    rapid_review("INC-3", date(2020, 3, 31), True, False)  # the last day: listed
    rapid_review("INC-4", date(2019, 10, 1), True, None)  # the Panel's view not known: not listed
    rapid_review("INC-5", date(2019, 10, 2), None, False)  # our decision not made: not listed
    before = rapid_review("INC-0", date(2019, 3, 31), False, True)  # the year before: not listed
    safety_action(agreed, police, date(2019, 4, 3))  # done
    safety_action(agreed, police, None)  # not done
    safety_action(differed, police, date(2020, 3, 31))  # done on the last day
    safety_action(differed, police, date(2020, 4, 1))  # done after the year: not done by its end
    safety_action(before, police, date(2019, 4, 2))  # a rapid review of the year before

    recorded = statistics(Y)["recorded"]

    assert recorded["safety_actions"] == {"count": 4, "done": 2}
    assert recorded["panel_differed"] == [
        {"incident": "INC-2", "ours": False, "panel": True},
        {"incident": "INC-3", "ours": True, "panel": False},
    ]


def test_engagement_life_letters_priorities_and_action_plans_of_the_counted_reviews(themes):
    police = Agency.objects.create(name="Wessex Police", kind="police")
    child = make_child("Child K", date(2015, 1, 1))
    # Counted: signed off in the year, with a recommendation that has an action.
    signed = make_review(
        "Signed", "cspr", date(2019, 5, 1), "signed_off", [child], signed_off_on=date(2020, 3, 31)
    )
    # Counted: published in the year; its recommendations have no action.
    published = make_review(
        "Published",
        "local",
        date(2018, 5, 1),
        "published",
        [child],
        signed_off_on=date(2019, 4, 1),
        published_on=date(2019, 6, 1),
        recommendations=2,
    )
    # Counted, still going at the year end (signed off after it): not completed.
    going = make_review("Going", "scr", date(2019, 7, 1), "signed_off", signed_off_on=date(2020, 4, 1))
    # Not counted: signed off before the year.
    old = make_review("Old", "cspr", date(2017, 1, 1), "signed_off", [child], signed_off_on=date(2019, 3, 31))
    signed.family_engagement, signed.practitioner_engagement = "contributed", "contributed"
    signed.save()
    published.family_engagement, published.practitioner_engagement = "declined", "contributed"
    published.save()
    old.family_engagement = "contributed"
    old.save()
    Recommendation.objects.filter(review=published, number=1).update(priority="Neglect")
    first = Recommendation.objects.create(review=signed, number=1, text="One", priority="  Neglect ")
    Recommendation.objects.create(review=going, number=1, text="Two", priority="Exploitation")
    Recommendation.objects.create(review=old, number=1, text="Three", priority="Old priority")
    Action.objects.create(
        recommendation=first, description="Do it", owner_agency=police, due_on=date(2020, 6, 1)
    )
    LifeLetter.objects.create(review=signed, child=child, stage="approved")
    LifeLetter.objects.create(review=published, child=child, stage="given")
    LifeLetter.objects.create(review=going, child=child, stage="drafting")
    LifeLetter.objects.create(review=old, child=child, stage="given")  # not counted

    recorded = statistics(Y)["recorded"]

    assert recorded["engagement"] == {
        "family": {"contributed": 1, "declined": 1, "not_started": 1},  # "Going" keeps the default
        "practitioners": {"contributed": 2, "not_started": 1},
    }
    assert recorded["life_letters"] == {"approved": 1, "given": 1, "drafting": 1}
    # Published's first and Signed's (spaces trimmed): Neglect; Published's second: not given.
    assert recorded["recommendations_by_priority"] == {"Neglect": 2, "Not given": 1, "Exploitation": 1}
    # Signed and Published were completed by 31 March 2020; only Signed has an action.
    assert recorded["action_plans"] == {"completed_reviews": 2, "with_action_plan": 1}


def test_resources_commendations_and_event_titles_of_the_year_in_date_order(themes):
    police = Agency.objects.create(name="Wessex Police", short_name="WP", kind="police")
    school = Agency.objects.create(name="Wessex Academy", kind="education")
    LearningResource.objects.create(kind="poster", title="Safe sleep", published_on=date(2019, 11, 1))
    LearningResource.objects.create(kind="seven_minute_guide", title="Neglect", published_on=date(2019, 4, 1))
    LearningResource.objects.create(kind="briefing", title="Draft", published_on=None)  # not published
    LearningResource.objects.create(kind="briefing", title="Next year", published_on=date(2020, 4, 1))
    Commendation.objects.create(
        who="PC Smith", agency=police, what="Persistence", commended_on=date(2020, 3, 31)
    )
    Commendation.objects.create(who="Head", agency=school, what="Curiosity", commended_on=date(2019, 5, 5))
    Commendation.objects.create(who="Before", agency=school, what="Old", commended_on=date(2019, 3, 31))
    LearningEvent.objects.create(title="Spring", kind="workshop", held_on=date(2020, 3, 31), attendees=12)
    LearningEvent.objects.create(title="Autumn", kind="conference", held_on=date(2019, 10, 10))
    LearningEvent.objects.create(title="Later", kind="workshop", held_on=date(2020, 4, 1), attendees=9)

    recorded = statistics(Y)["recorded"]

    assert recorded["learning_resources"] == [
        {"kind": "seven_minute_guide", "title": "Neglect", "published_on": "2019-04-01"},
        {"kind": "poster", "title": "Safe sleep", "published_on": "2019-11-01"},
    ]
    assert recorded["commendations"] == [
        {"who": "Head", "agency": "Wessex Academy", "what": "Curiosity", "commended_on": "2019-05-05"},
        {"who": "PC Smith", "agency": "WP", "what": "Persistence", "commended_on": "2020-03-31"},
    ]
    assert recorded["learning_event_titles"] == [
        {"kind": "conference", "title": "Autumn", "held_on": "2019-10-10", "attendees": None},
        {"kind": "workshop", "title": "Spring", "held_on": "2020-03-31", "attendees": 12},
    ]
    assert json.loads(json.dumps(recorded)) == recorded
    assert set(recorded) == RECORDED_KEYS


def test_a_planned_event_is_not_among_the_titles_held(themes, time_machine):
    time_machine.move_to("2026-12-02 10:00")
    LearningEvent.objects.create(title="Held today", kind="briefing", held_on=date(2026, 12, 2), attendees=3)
    LearningEvent.objects.create(title="Planned", kind="conference", held_on=date(2026, 12, 3))

    titles = [event["title"] for event in statistics(2026)["recorded"]["learning_event_titles"]]

    assert titles == ["Held today"]
