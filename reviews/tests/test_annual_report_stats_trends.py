"""The annual report's trends (reviews/annual_report/trends.py): the year and up to five previous
years in which CRAG has any record, oldest first, each figure as that year's statistics give it.
Records built by hand; the years and figures worked out from the definitions."""

from datetime import date

import pytest

from reviews.annual_report.statistics import statistics
from reviews.annual_report.trends import trends
from reviews.models import Incident, LearningEvent, RapidReview
from reviews.tests.annual_records import make_child, make_review

pytestmark = pytest.mark.django_db

ROW_KEYS = [
    "year",
    "label",
    "incidents",
    "children",
    "rapid_reviews",
    "met_cspr_criteria",
    "reviews",
    "published",
    "notified_on_time",
    "notified_late",
    "rapid_reviews_on_time",
    "rapid_reviews_late",
    "csprs_on_time",
    "csprs_late",
    "csprs_overdue_at_year_end",
    "actions_overdue",
    "learning_events",
    "attendees",
]


@pytest.fixture
def six_years(themes):
    # 2013/14 (too early for 2019's trends): an incident on 31 March 2014.
    Incident.objects.create(
        reference="OLD", kind="death", incident_date=date(2014, 3, 31), aware_date=date(2014, 3, 31)
    )
    # Worked on in 2014/15 (decided 31 March 2015), 2015/16 and 2016/17 (signed off 1 May 2016,
    # published 1 July 2016). Target: 30 September 2015.
    make_review(
        "Long",
        "cspr",
        date(2015, 3, 31),
        "published",
        signed_off_on=date(2016, 5, 1),
        published_on=date(2016, 7, 1),
    )
    # Signed off in 2011/12, published in 2017/18: 2017/18 has a record (a publication).
    make_review(
        "Late publication",
        "scr",
        date(2010, 1, 1),
        "published",
        signed_off_on=date(2012, 3, 1),
        published_on=date(2017, 6, 1),
    )
    # Nothing in 2018/19. In 2019/20: an incident of one child, aware and notified on Wednesday 1
    # May 2019 (on time); its rapid review, meeting the criteria, sent on 3 May (on time).
    incident = Incident.objects.create(
        reference="NOW",
        kind="serious_harm",
        incident_date=date(2019, 5, 1),
        aware_date=date(2019, 5, 1),
        panel_notified_on=date(2019, 5, 1),
    )
    incident.children.add(make_child("Child N", date(2012, 1, 1)))
    RapidReview.objects.create(incident=incident, meets_cspr_criteria=True, sent_to_panel_on=date(2019, 5, 3))
    LearningEvent.objects.create(title="Briefing", kind="briefing", held_on=date(2019, 6, 1), attendees=10)


def zeros(year: int) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(ROW_KEYS[2:], 0)
    return {"year": year, "label": f"{year}/{str(year + 1)[-2:]}", **row}


def test_the_year_and_the_previous_years_with_records_oldest_first(six_years):
    rows = trends(2019)

    assert [row["year"] for row in rows] == [2014, 2015, 2016, 2017, 2019]
    assert [list(row) for row in rows] == [ROW_KEYS] * 5
    assert rows == [
        {**zeros(2014), "reviews": 1},  # target 30 September 2015 is after 31 March 2015: not due
        {**zeros(2015), "reviews": 1, "csprs_overdue_at_year_end": 1},
        {**zeros(2016), "reviews": 1, "published": 1, "csprs_late": 1},
        {**zeros(2017), "published": 1},  # published in the year, not worked on in it
        {
            **zeros(2019),
            "incidents": 1,
            "children": 1,
            "rapid_reviews": 1,
            "met_cspr_criteria": 1,
            "notified_on_time": 1,
            "rapid_reviews_on_time": 1,
            "learning_events": 1,
            "attendees": 10,
        },
    ]


def test_each_row_is_that_years_statistics(six_years):
    for row in trends(2019):
        stats = statistics(row["year"])
        assert row["label"] == stats["label"]
        assert row["published"] == stats["reviews"]["published_in_year"]
        assert row["csprs_late"] == stats["timeliness"]["csprs_late"]
        assert row["actions_overdue"] == stats["actions"]["overdue"]


def test_only_five_previous_years_are_looked_at(six_years):
    """For 2020/21 the window is 2015/16 to 2019/20: 2014/15 is left out."""
    assert [row["year"] for row in trends(2020)] == [2015, 2016, 2017, 2019, 2020]


def test_a_year_without_records_before_it_has_only_itself(themes):
    assert trends(2019) == [zeros(2019)]
