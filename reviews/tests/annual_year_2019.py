"""A reporting year built by hand for the annual report's statistics, and what they must be.

Reporting year Y=2019 runs 1 April 2019 to 31 March 2020, both days included. The records sit on the
edges of every rule: the two ends of the year, age-band birthdays, 29 February birthdays, the 5th
working day across Easter and Christmas bank holidays, reviews decided, signed off or published just
outside the year, actions due on the last day of the year. Every expected number was worked out from
the specification, record by record, not read off the code.
"""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from crag.models import Agency
from reviews.tests.annual_records import (
    MONEY_KEYS,
    make_action,
    make_child,
    make_event,
    make_incident,
    make_rapid_review,
    make_review,
    money,
    nonzero,
)


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
    # The last argument is the Panel's own view of the criteria (None: not known).
    make_rapid_review(i0, True, "agree", "cspr", True)  # out
    make_rapid_review(i1, True, "agree", "cspr", True)
    make_rapid_review(i2, False, "disagree", "no_further_review", False)
    make_rapid_review(i3, None, "pending", "")  # no decision, no outcome yet
    make_rapid_review(i4, True, "agree", "cspr", True)
    make_rapid_review(i7, False, "agree", "national_review_case_study", True)  # the Panel differed
    make_rapid_review(i8, False, "pending", "local_review")
    make_rapid_review(i6, True, "disagree", "cspr", True)  # out

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
EXPECTED: dict[str, dict[str, Any]] = {
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
        "panel_considered_criteria_met": 3,  # INC-1, 4, 7 (INC-2 False, INC-3 and 8 not known)
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
        # Every case review published in the year, counted or not: R3 (1 June 2019), R6 (31 March
        # 2020) and "Signed off before" (1 May 2019); not R7 (10 April 2020), not "Published before"
        # (31 March 2019), not LR4 (a learning review).
        "published_in_year": 3,
        # On 31 March 2020: R3, R6 published; R4 (signed off that day), R7 (published after it)
        # signed off; R1, R2, R5 ongoing.
        "stage_at_year_end": {"published": 2, "signed_off": 2, "ongoing": 3},
        # The bands of "age_bands": S 6_to_10 (in R1 and R2, both neglect: once), U under_1, H
        # 16_to_17, T 11_to_15 (R4 has no theme), V unknown, W and A 1_to_5.
        "themes_by_age_band": {
            "6_to_10": {"neglect": 1, "domestic_abuse": 1},  # S (R1, R2)
            "under_1": {"neglect": 1, "domestic_abuse": 1},  # U (R2)
            "16_to_17": {"physical_abuse": 1},  # H (R3)
            "unknown": {"self_harm": 1},  # V (R5)
            "1_to_5": {"neglect": 1, "domestic_abuse": 1},  # W (R6), A (R7)
        },
    },
    "timeliness": {
        # No rapid review of the year was sent to the Panel.
        "rapid_reviews_on_time": 0,
        "rapid_reviews_late": 0,
        # The counted CSPRs: R1 (decided 28 February 2019, target 28 August 2019, unpublished), R4
        # (1 March 2019, target 1 September 2019, signed off, unpublished) and R7 (1 June 2019,
        # target 1 December 2019, published 10 April 2020) are overdue; R5 (31 March 2020, target 30
        # September 2020) is not due yet.
        "csprs_on_time": 0,
        "csprs_late": 0,
        "csprs_overdue_at_year_end": 3,
        "reasons_for_delay_sent": 0,
    },
    "learning_reviews": {
        "count": 2,  # LR1 (decided in the year), LR2 (signed off on its first day)
        "by_status": {"in_progress": 1, "signed_off": 1},
        "by_kind": {"partnership_learning": 1, "national_contribution": 1},
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
