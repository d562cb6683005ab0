"""The annual report's statistics (DESIGN.md section 5, contract), checked against a reporting year
built by hand: every expected number below was worked out from the specification, record by record,
not read off the code.

Reporting year Y=2019 runs 1 April 2019 to 31 March 2020, both days included. The records sit on the
edges of every rule: the two ends of the year, age-band birthdays, 29 February birthdays, the 5th
working day across Easter and Christmas bank holidays, reviews decided, signed off or published just
outside the year, actions due on the last day of the year.
"""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from crag.models import Agency
from notifications.calendar import add_working_days
from notifications.models import CalendarOverride
from reviews.annual_report.statistics import statistics
from reviews.models import (
    Action,
    Child,
    Incident,
    LearningEvent,
    RapidReview,
    Recommendation,
    Review,
    Theme,
)

pytestmark = pytest.mark.django_db

Y = 2019

# The keys each section must have, exactly (DESIGN.md section 5).
SECTION_KEYS = {
    "incidents": {"count", "children", "age_bands", "themes", "notified_on_time", "notified_late"},
    "rapid_reviews": {"count", "met_cspr_criteria", "panel_agreed", "panel_disagreed", "outcomes"},
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
    },
    "learning_reviews": {"count", "by_status"},
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
    incident = Incident.objects.create(
        reference=reference,
        kind="death",
        incident_date=incident_date,
        aware_date=aware_date,
        panel_notified_on=notified,
    )
    incident.children.set(children)
    incident.themes.set(Theme.objects.filter(slug__in=themes))
    return incident


def incident_of_one(pseudonym, date_of_birth, on):
    """An incident on `on` (aware the same day, not notified) of one new child."""
    child = make_child(pseudonym, date_of_birth)
    return make_incident(f"INC-{pseudonym}", on, on, None, [child])


def make_rapid_review(incident, meets, response, outcome=""):
    return RapidReview.objects.create(
        incident=incident, meets_cspr_criteria=meets, panel_response=response, outcome=outcome
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
    review = Review.objects.create(
        title=title,
        kind=kind,
        decision_on=decision_on,
        status=status,
        cost_gbp=None if cost is None else Decimal(cost),
        signed_off_on=signed_off_on,
        published_on=published_on,
    )
    review.children.set(children)
    review.themes.set(Theme.objects.filter(slug__in=themes))
    for number in range(1, recommendations + 1):
        Recommendation.objects.create(review=review, number=number, text=f"{title}: recommendation {number}")
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


# --- The fixture year -----------------------------------------------------------------------------


@pytest.fixture
def year_2019(themes):
    """Reporting year 2019/20 and its neighbours; see the comments for what each record is for."""
    Agency.objects.create(name="Wessex Police", kind="police")
    health = Agency.objects.create(name="Wessex Health", kind="health")

    # Incidents -----------------------------------------------------------------------------------
    # A: in two incidents of the year, counted once, at the EARLIER one (1 April 2019: age 5, 1_to_5;
    # on 31 March 2020 she is 6). The later incident is created first on purpose.
    a = make_child("Child A", date(2014, 1, 1), "female")
    # B: in an incident before the year (age 0 then) and one in it (age 1 on 20 December 2019).
    b = make_child("Child B", date(2018, 6, 1), "male")
    c_out = make_child("Child C", date(2010, 1, 1), "female", deceased=True)
    d_out = make_child("Child D", date(2012, 5, 5), "male", deceased=True)
    # Band edges on incident date 16 April 2019 (the aware date, 17 April, is a day later: bands are
    # at the incident date). "on": the birthday is the incident date; "eve": it is the day after.
    edges = {
        "Child E1 on": date(2018, 4, 16),  # 1 -> 1_to_5
        "Child E1 eve": date(2018, 4, 17),  # 0 -> under_1
        "Child E6 on": date(2013, 4, 16),  # 6 -> 6_to_10
        "Child E6 eve": date(2013, 4, 17),  # 5 -> 1_to_5
        "Child E11 on": date(2008, 4, 16),  # 11 -> 11_to_15
        "Child E11 eve": date(2008, 4, 17),  # 10 -> 6_to_10
        "Child E16 on": date(2003, 4, 16),  # 16 -> 16_to_17
        "Child E16 eve": date(2003, 4, 17),  # 15 -> 11_to_15
        "Child E18 on": date(2001, 4, 16),  # 18 -> 18_plus
        "Child E18 eve": date(2001, 4, 17),  # 17 -> 16_to_17
        "Child E unknown": None,  # unknown
    }
    edge_children = [make_child(name, born) for name, born in edges.items()]
    f = make_child("Child F", date(2005, 7, 7), "male")  # 14 on 23 December 2019 -> 11_to_15
    # 29 February 2004 in the leap year 2020: 15 on 28 February 2020, 16 on 29 February 2020.
    leap_15 = make_child("Child L15", date(2004, 2, 29), "female")
    leap_16 = make_child("Child L16", date(2004, 2, 29), "male")

    i5 = make_incident("INC-5", date(2020, 3, 31), date(2020, 3, 31), None, [a])  # in; not notified
    i0 = make_incident(  # out: the day before the year
        "INC-0", date(2019, 3, 31), date(2019, 4, 1), date(2019, 4, 2), [b, c_out], ["neglect"]
    )
    # In (first day). Aware Wednesday 17 April 2019; Good Friday 19 and Easter Monday 22 April are
    # bank holidays, so the 5th working day is Friday 26 April: notified on it, on time.
    i1 = make_incident(
        "INC-1", date(2019, 4, 1), date(2019, 4, 17), date(2019, 4, 26), [a], ["neglect", "domestic_abuse"]
    )
    # Aware 17 April 2019, notified Monday 29 April, the 6th working day: late.
    i2 = make_incident(
        "INC-2", date(2019, 4, 16), date(2019, 4, 17), date(2019, 4, 29), edge_children, ["physical_abuse"]
    )
    # Aware Monday 23 December 2019: 25, 26 December and 1 January are bank holidays, so the 5th
    # working day is Thursday 2 January 2020 (on time) and the 6th Friday 3 January (late).
    i3 = make_incident("INC-3", date(2019, 12, 20), date(2019, 12, 23), date(2020, 1, 2), [b], ["neglect"])
    i4 = make_incident("INC-4", date(2019, 12, 23), date(2019, 12, 23), date(2020, 1, 3), [f])
    # Notified on the aware date itself (day 0): on time.
    i7 = make_incident(
        "INC-7", date(2020, 2, 28), date(2020, 2, 28), date(2020, 2, 28), [leap_15], ["self_harm"]
    )
    i8 = make_incident("INC-8", date(2020, 2, 29), date(2020, 3, 2), None, [leap_16])  # not notified
    i6 = make_incident(  # out: the day after the year
        "INC-6", date(2020, 4, 1), date(2020, 4, 1), date(2020, 4, 2), [d_out, a], ["neglect"]
    )
    assert i5.pk  # (created first, for the ordering above)

    # Rapid reviews -------------------------------------------------------------------------------
    make_rapid_review(i0, True, "agree", "cspr")  # out
    make_rapid_review(i1, True, "agree", "cspr")
    make_rapid_review(i2, False, "disagree", "no_further_review")
    make_rapid_review(i3, None, "pending", "")  # no decision, no outcome yet
    make_rapid_review(i4, True, "agree", "cspr")
    make_rapid_review(i7, False, "agree", "national_review_case_study")
    make_rapid_review(i8, False, "pending", "local_review")
    make_rapid_review(i6, True, "disagree", "cspr")  # out

    # Case reviews --------------------------------------------------------------------------------
    # S (29 February 2008): in R1 decided 28 February 2019 (non-leap: the birthday is 1 March, so
    # 10, 6_to_10), in R2 decided 1 October 2019 (11) and in an uncounted review decided in 2013 (4).
    s = make_child("Child S", date(2008, 2, 29), "female")
    u = make_child("Child U", date(2019, 1, 10), "male", deceased=True, date_of_death=date(2019, 9, 1))
    h = make_child("Child H", date(2000, 2, 29), "male")  # 17 on 28 February 2018 -> 16_to_17
    t = make_child("Child T", date(2008, 2, 29), "transgender")  # 11 on 1 March 2019 -> 11_to_15
    v = make_child("Child V", None, "not_known", deceased=True)  # unknown
    w = make_child("Child W", date(2014, 1, 16), "female", deceased=True)  # 5 on 15 January 2020
    # Children only of reviews that are not counted (or are learning reviews).
    x = make_child("Child X", date(2019, 9, 9), "female", deceased=True)
    y = make_child("Child Y", date(2017, 1, 1), "male", deceased=True)
    z = make_child("Child Z", date(2010, 10, 10), "female", deceased=True)

    r1 = make_review(
        "R1", "cspr", date(2019, 2, 28), "in_progress", [s], ["neglect"], "10000.00", recommendations=3
    )
    make_review(
        "R2", "local", date(2019, 10, 1), "scoping", [s, u], ["neglect", "domestic_abuse"], recommendations=2
    )
    r3 = make_review(  # signed off on the first day of the year: counted; published in the year
        "R3",
        "scr",
        date(2018, 2, 28),
        "published",
        [h],
        ["physical_abuse"],
        "25000.55",
        signed_off_on=date(2019, 4, 1),
        published_on=date(2019, 6, 1),
        recommendations=2,
    )
    make_review(  # signed off on the last day of the year
        "R4", "cspr", date(2019, 3, 1), "signed_off", [t], [], "8000.10", signed_off_on=date(2020, 3, 31)
    )
    # Decided on the last day of the year.
    make_review("R5", "cspr", date(2020, 3, 31), "commissioned", [v], ["self_harm"])
    r6 = make_review(  # published on the last day of the year
        "R6",
        "local",
        date(2020, 1, 15),
        "published",
        [w],
        ["neglect"],
        "3500.45",
        signed_off_on=date(2020, 2, 1),
        published_on=date(2020, 3, 31),
        recommendations=5,
    )
    r7 = make_review(  # signed off in the year, published after it: counted, not published in the year
        "R7",
        "cspr",
        date(2019, 6, 1),
        "published",
        [a],
        ["domestic_abuse"],
        signed_off_on=date(2020, 3, 15),
        published_on=date(2020, 4, 10),
        recommendations=4,
    )
    # Not counted.
    decided_after = make_review(
        "Decided after",
        "cspr",
        date(2020, 4, 1),
        "scoping",
        [x, u],
        ["neglect"],
        "99999.99",
        recommendations=4,
    )
    signed_off_before = make_review(  # signed off the day before the year, published in it: out
        "Signed off before",
        "scr",
        date(2013, 1, 1),
        "published",
        [s],
        ["neglect"],
        "1.00",
        signed_off_on=date(2019, 3, 31),
        published_on=date(2019, 5, 1),
        recommendations=3,
    )
    make_review(  # published the day before the year (no sign-off date recorded): out
        "Published before",
        "scr",
        date(2016, 5, 5),
        "published",
        [y],
        ["physical_abuse"],
        "50000.00",
        published_on=date(2019, 3, 31),
        recommendations=2,
    )

    # Learning reviews ----------------------------------------------------------------------------
    make_review("LR1", "partnership_learning", date(2019, 5, 5), "in_progress", [z], ["neglect"], "700.00")
    make_review(
        "LR2", "national_contribution", date(2018, 1, 1), "signed_off", signed_off_on=date(2019, 4, 1)
    )
    make_review("LR3", "partnership_learning", date(2020, 4, 1), "scoping")  # out
    make_review(  # out
        "LR4", "national_contribution", date(2017, 1, 1), "published", published_on=date(2019, 3, 31)
    )
    make_review(  # out
        "LR5", "partnership_learning", date(2018, 1, 1), "closed", signed_off_on=date(2019, 3, 31)
    )

    # Actions -------------------------------------------------------------------------------------
    make_action(r1, 1, date(2020, 3, 30), "not_started", "red")  # overdue (the day before the end)
    make_action(r1, 2, date(2020, 3, 31), "in_progress", "amber")  # due on the last day: not overdue
    make_action(r3, 1, date(2019, 1, 1), "complete", "green", date(2019, 2, 1), agency=health)  # done
    make_action(r3, 2, date(2019, 5, 1), "closed", "", date(2019, 6, 1))  # done, not rated
    make_action(r6, 1, date(2019, 12, 1), "in_progress", "red", agency=health)  # overdue
    make_action(r7, 1, date(2020, 6, 1), "not_started", "")  # due after the year, not rated
    make_action(r7, 1, date(2018, 1, 1), "in_progress", "amber")  # overdue
    # Actions of reviews that are not counted.
    make_action(decided_after, 1, date(2019, 5, 1), "not_started", "red")
    make_action(signed_off_before, 1, date(2019, 1, 1), "in_progress", "amber")

    # Learning events -----------------------------------------------------------------------------
    make_event("Before the year", "workshop", date(2019, 3, 31), 100)  # out
    make_event("First day", "workshop", date(2019, 4, 1), 25)
    make_event("Conference", "conference", date(2019, 10, 10), None)  # attendance not recorded: 0
    make_event("Autumn workshop", "workshop", date(2019, 11, 11), 30)
    make_event("Last day", "briefing", date(2020, 3, 31), 12)
    make_event("After the year", "learning_event", date(2020, 4, 1), 50)  # out


# Worked out by hand from DESIGN.md section 5 and the records above.
EXPECTED = {
    "incidents": {
        # INC-1, 2, 3, 4, 5, 7, 8 (not INC-0 on 31 March 2019, not INC-6 on 1 April 2020).
        "count": 7,
        # A, B, F, L15, L16 and the 11 band-edge children.
        "children": 16,
        "age_bands": {
            "under_1": 1,  # E1 eve
            "1_to_5": 4,  # A (at INC-1), B (at INC-3), E1 on, E6 eve
            "6_to_10": 2,  # E6 on, E11 eve
            "11_to_15": 4,  # E11 on, E16 eve, F, L15
            "16_to_17": 3,  # E16 on, E18 eve, L16
            "18_plus": 1,  # E18 on
            "unknown": 1,  # E unknown
        },
        "themes": {"neglect": 2, "domestic_abuse": 1, "physical_abuse": 1, "self_harm": 1},
        "notified_on_time": 3,  # INC-1 (5th working day), INC-3 (5th), INC-7 (day 0)
        "notified_late": 2,  # INC-2 (6th), INC-4 (6th)
    },
    "rapid_reviews": {
        "count": 6,  # of INC-1, 2, 3, 4, 7, 8
        "met_cspr_criteria": 2,  # INC-1, INC-4 (False and None are not yes)
        "panel_agreed": 3,  # INC-1, 4, 7
        "panel_disagreed": 1,  # INC-2
        "outcomes": {"cspr": 2, "no_further_review": 1, "national_review_case_study": 1, "local_review": 1},
    },
    "reviews": {
        "count": 7,  # R1 to R7
        "by_kind": {"cspr": 4, "local": 2, "scr": 1},
        "by_status": {"in_progress": 1, "scoping": 1, "published": 3, "signed_off": 1, "commissioned": 1},
        "children": 7,  # S, U, H, T, V, W, A
        "age_bands": {
            "under_1": 1,  # U (0 at R2)
            "1_to_5": 2,  # W (5, the day before her 6th birthday), A (5 at R7)
            "6_to_10": 1,  # S (10 at R1, the earliest counted decision)
            "11_to_15": 1,  # T (11 on 1 March 2019)
            "16_to_17": 1,  # H (17 on 28 February 2018)
            "unknown": 1,  # V
        },
        "under_5": 3,  # under_1 + 1_to_5, as defined (W and A are 5)
        "gender": {"female": 3, "male": 2, "transgender": 1, "not_known": 1},
        "deceased": 3,  # U, V, W
        "themes": {"neglect": 3, "domestic_abuse": 2, "physical_abuse": 1, "self_harm": 1},
        "recommendations_average": 2.3,  # (3 + 2 + 2 + 0 + 0 + 5 + 4) / 7 = 16 / 7 = 2.2857...
        "cost_min": Decimal("3500.45"),
        "cost_max": Decimal("25000.55"),
        "cost_total": Decimal("46501.10"),  # 10000.00 + 25000.55 + 8000.10 + 3500.45
        "published_in_year": 2,  # R3 (1 June 2019), R6 (31 March 2020); not R7 (10 April 2020)
    },
    "learning_reviews": {
        "count": 2,  # LR1 (decided in the year), LR2 (signed off on its first day)
        "by_status": {"in_progress": 1, "signed_off": 1},
    },
    "actions": {
        "count": 7,
        "by_status": {"not_started": 2, "in_progress": 3, "complete": 1, "closed": 1},
        "overdue": 3,  # due 30 March 2020, 1 December 2019, 1 January 2018, all open
        "by_rag": {"red": 2, "amber": 2, "green": 1},
    },
    "learning_events": {
        "count": 4,
        "by_kind": {"workshop": 2, "conference": 1, "briefing": 1},
        "attendees": 67,  # 25 + 0 + 30 + 12
    },
}


def normalised(stats_section):
    """An actual section with money read as Decimal and zero counts dropped from maps."""
    result = {}
    for key, value in stats_section.items():
        if key in MONEY_KEYS:
            result[key] = money(value)
        elif isinstance(value, dict):
            result[key] = nonzero(value)
        else:
            result[key] = value
    return result


# --- The fixture's own arithmetic ------------------------------------------------------------------


def test_fixture_dates_fall_where_the_comments_say():
    """The hand-worked working days agree with the calendar (bank holidays, not plain weekdays)."""
    assert add_working_days(date(2019, 4, 17), 5) == date(2019, 4, 26)
    assert add_working_days(date(2019, 4, 17), 6) == date(2019, 4, 29)
    assert add_working_days(date(2019, 12, 23), 5) == date(2020, 1, 2)
    assert add_working_days(date(2019, 12, 23), 6) == date(2020, 1, 3)


# --- The year, section by section -----------------------------------------------------------------


def test_sections_have_exactly_the_contract_keys(year_2019):
    stats = statistics(Y)
    for name, keys in SECTION_KEYS.items():
        assert set(stats[name]) == keys, name
    for name in ("incidents", "reviews"):
        assert set(stats[name]["age_bands"]) <= AGE_BANDS


def test_incidents(year_2019):
    assert normalised(statistics(Y)["incidents"]) == EXPECTED["incidents"]


def test_incident_age_bands_at_the_earliest_incident_of_the_year(year_2019):
    """Child A is 5 at INC-1 (1 April 2019) and 6 at INC-5 (31 March 2020): once, in 1_to_5."""
    bands = nonzero(statistics(Y)["incidents"]["age_bands"])
    assert bands == EXPECTED["incidents"]["age_bands"]
    assert sum(bands.values()) == EXPECTED["incidents"]["children"]


def test_panel_notification_on_time_and_late(year_2019):
    stats = statistics(Y)["incidents"]
    assert (stats["notified_on_time"], stats["notified_late"]) == (3, 2)


def test_rapid_reviews(year_2019):
    assert normalised(statistics(Y)["rapid_reviews"]) == EXPECTED["rapid_reviews"]


def test_rapid_review_without_outcome_is_left_out_of_outcomes(year_2019):
    outcomes = statistics(Y)["rapid_reviews"]["outcomes"]
    assert set(outcomes) == {"cspr", "no_further_review", "national_review_case_study", "local_review"}


def test_reviews(year_2019):
    assert normalised(statistics(Y)["reviews"]) == EXPECTED["reviews"]


def test_review_counts_and_children(year_2019):
    stats = statistics(Y)["reviews"]
    assert stats["count"] == 7
    assert nonzero(stats["by_kind"]) == EXPECTED["reviews"]["by_kind"]
    assert nonzero(stats["by_status"]) == EXPECTED["reviews"]["by_status"]
    assert stats["children"] == 7
    assert nonzero(stats["gender"]) == EXPECTED["reviews"]["gender"]
    assert stats["deceased"] == 3


def test_review_age_bands_at_the_earliest_counted_decision(year_2019):
    """S is 10 at R1 (28 February 2019; her birthday that year is 1 March), 11 at R2, and 4 at the
    uncounted review decided in 2013: 6_to_10."""
    stats = statistics(Y)["reviews"]
    assert nonzero(stats["age_bands"]) == EXPECTED["reviews"]["age_bands"]
    assert stats["under_5"] == 3


def test_review_themes_recommendations_costs_and_publication(year_2019):
    stats = statistics(Y)["reviews"]
    assert nonzero(stats["themes"]) == EXPECTED["reviews"]["themes"]
    assert stats["recommendations_average"] == pytest.approx(2.3)
    assert money(stats["cost_min"]) == Decimal("3500.45")
    assert money(stats["cost_max"]) == Decimal("25000.55")
    assert money(stats["cost_total"]) == Decimal("46501.10")
    assert stats["published_in_year"] == 2


def test_learning_reviews(year_2019):
    assert normalised(statistics(Y)["learning_reviews"]) == EXPECTED["learning_reviews"]


def test_actions(year_2019):
    stats = statistics(Y)["actions"]
    assert stats["count"] == 7
    assert nonzero(stats["by_status"]) == EXPECTED["actions"]["by_status"]
    assert stats["overdue"] == 3
    # Unrated actions have no RAG: the contract does not say how (or whether) they are shown.
    rated = {rag: n for rag, n in stats["by_rag"].items() if rag in ("red", "amber", "green") and n}
    assert rated == EXPECTED["actions"]["by_rag"]


def test_learning_events(year_2019):
    assert normalised(statistics(Y)["learning_events"]) == EXPECTED["learning_events"]


def test_the_whole_year(year_2019):
    stats = statistics(Y)
    for name in EXPECTED:
        actual = normalised(stats[name])
        if name == "actions":
            actual["by_rag"] = {rag: n for rag, n in actual["by_rag"].items() if rag}
        assert actual == EXPECTED[name], name


# --- Focused cases ----------------------------------------------------------------------------------


def test_admin_holiday_moves_the_panel_deadline(themes):
    """An admin's extra holiday is not a working day either (DESIGN.md section 2): with 25 April 2019
    marked, notification on 29 April (otherwise the 6th working day) is the 5th, on time."""
    child = make_child("Child O", date(2015, 5, 5))
    make_incident("INC-O", date(2019, 4, 17), date(2019, 4, 17), date(2019, 4, 29), [child])
    assert statistics(Y)["incidents"]["notified_late"] == 1
    CalendarOverride.objects.create(date=date(2019, 4, 25), kind="holiday", reason="Proclaimed holiday")
    stats = statistics(Y)["incidents"]
    assert (stats["notified_on_time"], stats["notified_late"]) == (1, 0)


def test_29_february_birthday_in_a_year_without_one(themes):
    """Year 2020/21: 28 February and 1 March 2021. Born 29 February 2020, a child is 0 on 28 February
    2021 (under_1) and 1 on 1 March 2021 (1_to_5); born 29 February 2004, 16 and 17 (16_to_17)."""
    incident_of_one("Child P", date(2020, 2, 29), date(2021, 2, 28))
    incident_of_one("Child Q", date(2020, 2, 29), date(2021, 3, 1))
    incident_of_one("Child R16", date(2004, 2, 29), date(2021, 2, 28))
    incident_of_one("Child R17", date(2004, 2, 29), date(2021, 3, 1))
    bands = nonzero(statistics(2020)["incidents"]["age_bands"])
    assert bands == {"under_1": 1, "1_to_5": 1, "16_to_17": 2}


def test_29_february_birthday_counts_on_its_own_day_in_a_leap_year(themes):
    """Born 29 February 2004: 15 on 28 February 2020, 16 on 29 February 2020 (not 1 March)."""
    incident_of_one("Child M", date(2004, 2, 29), date(2020, 2, 28))
    incident_of_one("Child N", date(2004, 2, 29), date(2020, 2, 29))
    bands = nonzero(statistics(Y)["incidents"]["age_bands"])
    assert bands == {"11_to_15": 1, "16_to_17": 1}


def test_review_signed_off_on_the_first_day_and_decided_on_the_last_day_count(themes):
    make_review("First", "cspr", date(2019, 1, 1), "signed_off", signed_off_on=date(2019, 4, 1))
    make_review("Last", "local", date(2020, 3, 31), "scoping")
    make_review("Signed off before", "cspr", date(2019, 1, 1), "signed_off", signed_off_on=date(2019, 3, 31))
    make_review("Decided after", "local", date(2020, 4, 1), "scoping")
    stats = statistics(Y)["reviews"]
    assert stats["count"] == 2
    assert nonzero(stats["by_kind"]) == {"cspr": 1, "local": 1}


def test_recommendations_average_rounds_to_one_decimal(themes):
    """7 recommendations over 3 reviews: 2.333... -> 2.3; 5 over 3: 1.666... -> 1.7."""
    for title, count in (("One", 3), ("Two", 2), ("Three", 2)):
        make_review(title, "cspr", date(2019, 6, 1), "in_progress", recommendations=count)
    assert statistics(Y)["reviews"]["recommendations_average"] == pytest.approx(2.3)
    Recommendation.objects.filter(review__title="One", number__gt=1).delete()
    assert statistics(Y)["reviews"]["recommendations_average"] == pytest.approx(1.7)


def test_a_year_without_records(themes):
    """No records at all: zero counts, empty maps, no error (nothing to divide by, nothing costed)."""
    stats = statistics(Y)
    for name, keys in SECTION_KEYS.items():
        assert set(stats[name]) == keys, name
        for key, value in stats[name].items():
            if isinstance(value, dict):
                assert nonzero(value) == {}, (name, key)
            elif key in ("cost_min", "cost_max"):
                assert value is None, (name, key)
            elif key == "cost_total":
                assert money(value) in (None, Decimal(0)), (name, key)
            elif key == "recommendations_average":
                assert value in (None, 0), (name, key)
            else:
                assert value == 0, (name, key)


# --- The management command -----------------------------------------------------------------------


def test_annual_report_command_prints_the_statistics_as_json(year_2019):
    out = io.StringIO()
    call_command("annual_report", str(Y), "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == statistics(Y)


def test_annual_report_command_for_an_empty_year(themes):
    out = io.StringIO()
    call_command("annual_report", str(Y), "--format", "json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed == statistics(Y)
    assert printed["incidents"]["count"] == 0
