"""The annual report's figures added for issue 16 (DESIGN.md section 5), each on hand-built records
at the edge of its definition: publication across the year boundary, the stage at the year's end,
the six-month target from 31 August, themes by age band, the Panel's own view, learning reviews by
kind, and events held (not planned) in an unfinished year. Expected numbers are worked by hand."""

from datetime import date

import pytest

from reviews.annual_report.statistics import statistics
from reviews.models import Incident, LearningEvent, RapidReview
from reviews.tests.annual_records import make_child, make_review, nonzero

pytestmark = pytest.mark.django_db


def test_signed_off_in_march_published_in_september_is_published_in_the_september_year(themes):
    """Child G of the demo: signed off 27 March 2026, published 25 September 2026."""
    make_review(
        "Child G",
        "cspr",
        date(2025, 6, 2),
        "published",
        signed_off_on=date(2026, 3, 27),
        published_on=date(2026, 9, 25),
    )

    year_2025, year_2026 = statistics(2025)["reviews"], statistics(2026)["reviews"]

    # 2025/26: worked on (signed off in it), published in the next year.
    assert (year_2025["count"], year_2025["published_in_year"]) == (1, 0)
    assert nonzero(year_2025["stage_at_year_end"]) == {"signed_off": 1}
    # 2026/27: not worked on (signed off before 1 April 2026), but published in it.
    assert (year_2026["count"], year_2026["published_in_year"]) == (0, 1)
    assert nonzero(year_2026["stage_at_year_end"]) == {}


def test_published_on_31_march_is_published_in_that_year_and_1_april_in_the_next(themes):
    make_review("Last day", "scr", date(2019, 5, 1), "published", published_on=date(2020, 3, 31))
    make_review("First day", "local", date(2019, 5, 1), "published", published_on=date(2020, 4, 1))
    make_review(  # a learning review is not a case review: in no year's published_in_year
        "Learning", "partnership_learning", date(2019, 5, 1), "published", published_on=date(2020, 3, 31)
    )

    assert statistics(2019)["reviews"]["published_in_year"] == 1
    assert statistics(2020)["reviews"]["published_in_year"] == 1
    assert nonzero(statistics(2019)["reviews"]["stage_at_year_end"]) == {"published": 1, "ongoing": 1}


def test_a_closed_review_without_sign_off_or_publication_is_ongoing_and_in_no_cspr_figure(themes):
    make_review("Closed", "cspr", date(2019, 4, 1), "closed")

    stats = statistics(2019)

    assert nonzero(stats["reviews"]["stage_at_year_end"]) == {"ongoing": 1}
    assert nonzero(stats["timeliness"]) == {}


def test_a_cspr_decided_31_august_has_28_february_as_its_target_in_a_common_year(themes):
    """31 August 2020 + 6 calendar months = 28 February 2021 (2021 has no 29 February)."""
    make_review("On time", "cspr", date(2020, 8, 31), "published", published_on=date(2021, 2, 28))
    make_review("A day late", "cspr", date(2020, 8, 31), "published", published_on=date(2021, 3, 1))
    make_review("Overdue", "cspr", date(2020, 8, 31), "in_progress")  # 28 February < 31 March 2021

    timeliness = statistics(2020)["timeliness"]

    assert (timeliness["csprs_on_time"], timeliness["csprs_late"]) == (1, 1)
    assert timeliness["csprs_overdue_at_year_end"] == 1


def test_a_cspr_decided_30_september_is_not_overdue_at_the_year_end(themes):
    """30 September 2020 + 6 months = 30 March 2021, before 31 March 2021: overdue; 1 October 2020
    gives 1 April 2021, after it: not yet due."""
    make_review("Due 30 March", "cspr", date(2020, 9, 30), "in_progress")
    make_review("Due 1 April", "cspr", date(2020, 10, 1), "in_progress")

    assert statistics(2020)["timeliness"]["csprs_overdue_at_year_end"] == 1


def test_themes_by_age_band_counts_distinct_children_of_each_band(themes):
    """Decided 1 June 2019. Babies M and N (under_1) are in two neglect reviews each: 2 children,
    not 4 reviews. Teen P (15) is in a review of neglect and self-harm."""
    m = make_child("Child M", date(2019, 1, 1))
    n = make_child("Child N", date(2018, 12, 1))
    p = make_child("Child P", date(2004, 1, 1))
    make_review("One", "cspr", date(2019, 6, 1), "in_progress", [m, n], ["neglect"])
    make_review("Two", "local", date(2019, 6, 1), "in_progress", [m, n], ["neglect", "non_accidental_injury"])
    make_review("Three", "scr", date(2019, 6, 1), "in_progress", [p], ["neglect", "self_harm"])

    assert statistics(2019)["reviews"]["themes_by_age_band"] == {
        "under_1": {"neglect": 2, "non_accidental_injury": 2},
        "11_to_15": {"neglect": 1, "self_harm": 1},
    }


def test_the_panels_own_view_counts_only_yes(themes):
    for n, view in enumerate((True, True, False, None)):
        incident = Incident.objects.create(
            reference=f"P-{n}", kind="death", incident_date=date(2019, 7, 1), aware_date=date(2019, 7, 1)
        )
        RapidReview.objects.create(incident=incident, panel_considers_criteria_met=view)

    assert statistics(2019)["rapid_reviews"]["panel_considered_criteria_met"] == 2


def test_learning_reviews_by_kind(themes):
    make_review("L1", "partnership_learning", date(2019, 5, 5), "in_progress")
    make_review("L2", "partnership_learning", date(2019, 6, 5), "scoping")
    make_review("L3", "national_contribution", date(2019, 7, 5), "in_progress")
    make_review("Case", "cspr", date(2019, 7, 5), "in_progress")  # a case review: not here

    assert nonzero(statistics(2019)["learning_reviews"]["by_kind"]) == {
        "partnership_learning": 2,
        "national_contribution": 1,
    }


def test_in_an_unfinished_year_a_planned_event_is_not_held(themes, time_machine):
    """Today is 2 December 2026, in 2026/27: events up to and including today are held."""
    time_machine.move_to("2026-12-02 10:00")
    LearningEvent.objects.create(title="Yesterday", kind="workshop", held_on=date(2026, 12, 1), attendees=20)
    LearningEvent.objects.create(title="Today", kind="briefing", held_on=date(2026, 12, 2), attendees=5)
    LearningEvent.objects.create(title="Planned", kind="conference", held_on=date(2026, 12, 3))
    LearningEvent.objects.create(title="Booked", kind="workshop", held_on=date(2027, 3, 31), attendees=40)
    LearningEvent.objects.create(title="Last year", kind="workshop", held_on=date(2026, 3, 31), attendees=7)

    assert statistics(2026)["learning_events"] == {
        "count": 2,
        "by_kind": {"workshop": 1, "briefing": 1},
        "attendees": 25,
    }
    assert statistics(2025)["learning_events"]["count"] == 1  # a finished year: all its events
