"""The sentences of the report's newer figures (issue 16), each for none, one, two and many."""

from typing import Any

import pytest

from reviews.annual_report import prose_records as prose

END = "31 March 2020"


def stage(n: int, **stages: int) -> dict[str, Any]:
    return {"reviews": {"count": n, "stage_at_year_end": stages}}


@pytest.mark.parametrize(
    ("stats", "expected"),
    [
        (stage(0), ""),
        (stage(1, ongoing=1), "At 31 March 2020, the review was still ongoing."),
        (stage(2, published=2), "At 31 March 2020, both reviews had been published."),
        (
            stage(2, signed_off=1, ongoing=1),
            "At 31 March 2020, of the two reviews, one had been signed off and one was still ongoing.",
        ),
        (
            stage(10, published=2, signed_off=2, ongoing=6),
            "At 31 March 2020, of the 10 reviews, two had been published, two had been signed off and six "
            "were still ongoing.",
        ),
    ],
)
def test_stage_at_year_end_for_every_count(stats, expected):
    assert prose.stage_sentence(stats, END) == expected


@pytest.mark.parametrize(
    ("on_time", "late", "expected"),
    [
        (0, 0, ""),
        (1, 0, "The Rapid Review was sent to the Panel within 15 working days of the notification."),
        (0, 2, "Both Rapid Reviews were sent to the Panel more than 15 working days after the notification."),
        (
            1,
            1,
            "One of the two Rapid Reviews was sent to the Panel within 15 working days of the notification "
            "and one was sent later.",
        ),
        (12, 0, "All 12 Rapid Reviews were sent to the Panel within 15 working days of the notification."),
    ],
)
def test_rapid_review_timeliness_for_every_count(on_time, late, expected):
    timeliness = {"rapid_reviews_on_time": on_time, "rapid_reviews_late": late}
    assert prose.rapid_review_timeliness_sentence(timeliness) == expected


@pytest.mark.parametrize(
    ("counts", "so_far", "expected"),
    [
        (
            (0, 0, 0, 0),
            False,
            ["No Child Safeguarding Practice Review was due to be published by 31 March 2020."],
        ),
        ((1, 0, 0, 0), False, ["The one CSPR due to be published by 31 March 2020 was published on time."]),
        (
            (0, 0, 1, 0),
            True,
            [
                "The one CSPR due to be published by 31 March 2020 is overdue so far.",
                "No reasons for the delay have yet been sent to the Panel for the delayed review.",
            ],
        ),
        (
            (0, 1, 1, 2),
            False,
            [
                "Of the two CSPRs due to be published by 31 March 2020, one was published late and one was "
                "overdue at the year end.",
                "The reasons for the delay were sent to the Panel for both delayed reviews.",
            ],
        ),
        (
            (3, 2, 1, 1),
            False,
            [
                "Of the six CSPRs due to be published by 31 March 2020, three were published on time, "
                "two were published late and one was overdue at the year end.",
                "The reasons for the delay were sent to the Panel for one of the three.",
            ],
        ),
    ],
)
def test_cspr_timeliness_for_every_count(counts, so_far, expected):
    keys = ("csprs_on_time", "csprs_late", "csprs_overdue_at_year_end", "reasons_for_delay_sent")
    assert (
        prose.cspr_timeliness_sentences(dict(zip(keys, counts, strict=True)), END, so_far=so_far) == expected
    )


NAMES = {"nai": "Non-accidental injury", "suicide": "Suicide", "neglect": "Neglect"}


@pytest.mark.parametrize(
    ("bands", "themes", "expected"),
    [
        ({}, {}, []),
        (
            {"under_1": 1},
            {"under_1": {"nai": 1}},
            ["Non-accidental injury was a concern for the child under 1 year old."],
        ),
        (
            {"under_1": 2},
            {"under_1": {"nai": 2, "neglect": 2}},
            ["Neglect and non-accidental injury were concerns for both children under 1 year old."],
        ),
        (
            {"11_to_15": 5},
            {"11_to_15": {"suicide": 3}},
            ["Suicide was a concern for three of the five children aged 11 to 15."],
        ),
        ({"11_to_15": 5}, {"11_to_15": {"suicide": 1}}, []),
        (
            {"11_to_15": 12},
            {"11_to_15": {"suicide": 12}},
            ["Suicide was a concern for all 12 children aged 11 to 15."],
        ),
    ],
)
def test_themes_by_age_band_for_every_count(bands, themes, expected):
    stats = {"reviews": {"age_bands": bands, "themes_by_age_band": themes}}
    assert prose.themes_by_age_sentences(stats, NAMES) == expected


@pytest.mark.parametrize(
    ("ours", "panel", "expected"),
    [
        (2, 2, ""),
        (2, 3, "The Panel considered that a further one also met the criteria."),
        (0, 2, "The Panel considered that a further two also met the criteria."),
        (
            2,
            1,
            "The Panel considered that one of the two cases the subgroup judged to meet the criteria "
            "did not.",
        ),
        (1, 0, "The Panel considered that the case the subgroup judged to meet the criteria did not."),
    ],
)
def test_panel_view_for_every_count(ours, panel, expected):
    stats = {"rapid_reviews": {"count": 5, "met_cspr_criteria": ours, "panel_considered_criteria_met": panel}}
    assert prose.panel_view_sentence(stats) == expected


@pytest.mark.parametrize(
    ("count", "done", "expected"),
    [
        (0, 0, "No immediate safety actions were recorded on the Rapid Reviews."),
        (1, 1, "One immediate safety action was recorded on the Rapid Reviews; it has been completed."),
        (
            1,
            0,
            "One immediate safety action was recorded on the Rapid Reviews; it has not been completed yet.",
        ),
        (
            2,
            2,
            "Two immediate safety actions were recorded on the Rapid Reviews; "
            "both actions have been completed.",
        ),
        (12, 5, "12 immediate safety actions were recorded on the Rapid Reviews; five have been completed."),
    ],
)
def test_safety_actions_for_every_count(count, done, expected):
    assert prose.safety_sentence({"count": count, "done": done}) == expected


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({}, ""),
        ({"contributed": 1}, "Families contributed to the review."),
        ({"contributed": 2}, "Families contributed to both reviews."),
        (
            {"contributed": 1, "declined": 1},
            "Families contributed to one of the two reviews and declined to take part in one.",
        ),
        (
            {"contributed": 10, "not_started": 2},
            "Families contributed to 10 of the 12 reviews and have not yet been approached in two.",
        ),
    ],
)
def test_engagement_for_every_count(counts, expected):
    assert prose.engagement_sentence("families", counts) == expected


@pytest.mark.parametrize(
    ("stages", "expected"),
    [
        ({}, ""),
        (
            {"given": 1},
            "The subgroup has written a life letter for one child, which has been given to the child.",
        ),
        (
            {"given": 2},
            "The subgroup has written life letters for two children: "
            "both letters have been given to the child.",
        ),
        (
            {"drafting": 1, "saved_on_file": 11},
            "The subgroup has written life letters for 12 children: one is being drafted and 11 have been "
            "saved on file.",
        ),
    ],
)
def test_life_letters_for_every_count(stages, expected):
    assert prose.life_letter_sentence(stages) == expected


@pytest.mark.parametrize(
    ("completed", "with_plan", "expected"),
    [
        (0, 0, "No review has yet been completed, so no action plan is yet due."),
        (1, 1, "The completed review has an action plan in place, monitored through the Business Group."),
        (2, 2, "Both completed reviews have action plans in place, monitored through the Business Group."),
        (2, 1, "One of the two completed reviews has an action plan in place; one does not yet."),
        (12, 10, "10 of the 12 completed reviews have an action plan in place; two do not yet."),
    ],
)
def test_action_plans_for_every_count(completed, with_plan, expected):
    assert (
        prose.action_plan_sentence({"completed_reviews": completed, "with_action_plan": with_plan})
        == expected
    )


def test_priorities_name_the_business_plan_and_count_the_unlinked():
    assert prose.priority_sentence({}) == ""
    assert prose.priority_sentence({"Neglect": 1}) == (
        "The recommendations serve the business plan's priorities: Neglect (one recommendation)."
    )
    assert prose.priority_sentence({"Neglect": 3, "Exploitation": 2, "": 1}) == (
        "The recommendations serve the business plan's priorities: Neglect (three recommendations) and "
        "Exploitation (two); one is not linked to a priority."
    )


def test_titled_items_put_the_title_first_and_dates_in_words():
    rows = [{"title": "Physical abuse", "kind": "poster", "published_on": "2019-05-03"}]
    assert prose.titled_items(rows, "title", "kind", "published_on") == [
        "Physical abuse (poster, 3 May 2019)"
    ]
