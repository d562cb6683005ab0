"""Every sentence of the annual report that takes a number reads naturally for none, one, two and
many (issue 16): "Both children were aged 1 to 5", not "All two children ..."."""

from typing import Any

import pytest

from reviews.annual_report import prose, words


@pytest.mark.parametrize(
    ("n", "total", "expected"),
    [
        (0, 3, "none of the three children"),
        (0, 2, "neither child"),
        (1, 1, "the child"),
        (1, 2, "one of the two children"),
        (2, 2, "both children"),
        (3, 3, "all three children"),
        (5, 12, "five of the 12 children"),
        (12, 12, "all 12 children"),
    ],
)
def test_part_of_a_group_for_every_count(n, total, expected):
    assert words.part_of(n, total, "child", "children") == expected


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (0, "no children"),
        (1, "the child"),
        (2, "both children"),
        (9, "all nine children"),
        (10, "all 10 children"),
    ],
)
def test_every_names_the_whole_group_by_its_size(total, expected):
    assert words.every(total, "child", "children") == expected


@pytest.mark.parametrize(
    ("bands", "total", "expected"),
    [
        ({}, 0, ""),
        ({"1_to_5": 1}, 1, "The child was aged 1 to 5."),
        ({"1_to_5": 2}, 2, "Both children were aged 1 to 5."),
        (
            {"1_to_5": 1, "11_to_15": 1},
            2,
            "Of the two children, one was aged 1 to 5 and one was aged 11 to 15.",
        ),
        ({"1_to_5": 12}, 12, "All 12 children were aged 1 to 5."),
        ({"unknown": 2}, 2, "No date of birth is recorded for either child."),
    ],
)
def test_ages_sentence_for_every_count(bands, total, expected):
    assert prose.ages_sentence(bands, total) == expected


@pytest.mark.parametrize(
    ("gender", "total", "expected"),
    [
        ({}, 0, ""),
        ({"female": 1}, 1, "The child was female."),
        ({"female": 2}, 2, "Both children were female."),
        ({"female": 1, "male": 1}, 2, "Of the two children, one was female and one was male."),
        (
            {"female": 1, "not_known": 1},
            2,
            "Of the two children, one was female; the gender of one is not recorded.",
        ),
        ({"male": 4, "female": 6}, 10, "Of the 10 children, six were female and four were male."),
        ({"not_known": 2}, 2, "The gender of both children is not recorded."),
    ],
)
def test_gender_sentence_for_every_count(gender, total, expected):
    assert prose.gender_sentence(gender, total) == expected


def rr_stats(incidents: int, count: int, met: int) -> dict[str, Any]:
    return {
        "label": "2019/20",
        "incidents": {"count": incidents},
        "rapid_reviews": {"count": count, "met_cspr_criteria": met, "panel_agreed": count},
    }


@pytest.mark.parametrize(
    ("incidents", "count", "met", "held", "decision"),
    [
        (1, 0, 0, "No Rapid Reviews of these incidents have been recorded.", None),
        (1, 1, 1, "A Rapid Review was held on the incident.", "the case met"),
        (2, 2, 0, "A Rapid Review was held on both incidents.", "neither case met"),
        (2, 1, 0, "A Rapid Review was held on one of the two incidents.", "the case did not meet"),
        (5, 5, 2, "A Rapid Review was held on each of the five incidents.", "two of the five cases met"),
        (12, 10, 10, "Rapid Reviews were held on 10 of the 12 incidents.", "all 10 cases met"),
    ],
)
def test_rapid_review_sentences_for_every_count(incidents, count, met, held, decision):
    sentences = prose.rapid_review_sentences(rr_stats(incidents, count, met))
    assert sentences[0] == held
    if decision:
        assert f"the subgroup considered that {decision} the criteria" in sentences[1].lower()


def review_stats(children: int, deceased: int, kinds: dict[str, int]) -> dict[str, Any]:
    n = sum(kinds.values())
    return {
        "label": "2019/20",
        "reviews": {"count": n, "children": children, "deceased": deceased, "by_kind": kinds, "themes": {}},
    }


@pytest.mark.parametrize(
    ("children", "deceased", "expected"),
    [
        (1, 0, None),
        (1, 1, "Sadly, the child has died."),
        (2, 2, "Sadly, both children have died."),
        (3, 1, "Sadly, one of the three children has died."),
        (12, 3, "Sadly, three of the 12 children have died."),
    ],
)
def test_deceased_sentence_for_every_count(children, deceased, expected):
    sentences = prose.review_sentences(review_stats(children, deceased, {"cspr": 1}), {})
    died = [s for s in sentences if "died" in s]
    assert died == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ({}, "The partnership did not work on any case reviews in 2019/20."),
        ({"cspr": 1}, "The partnership worked on one case review in 2019/20, involving one child."),
        (
            {"cspr": 1, "local": 1},
            "The partnership worked on two case reviews in 2019/20, involving one child.",
        ),
        (
            {"cspr": 6, "local": 4},
            "The partnership worked on 10 case reviews in 2019/20, involving one child.",
        ),
    ],
)
def test_reviews_worked_on_for_every_count(kinds, expected):
    assert prose.review_sentences(review_stats(1, 0, kinds), {})[0] == expected


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ({"cspr": 1}, "It was a Child Safeguarding Practice Review."),
        ({"cspr": 2}, "Both were Child Safeguarding Practice Reviews."),
        (
            {"cspr": 1, "local": 1},
            "Of these, one was a Child Safeguarding Practice Review and one was a local review.",
        ),
        ({"local": 12}, "All 12 were local reviews."),
    ],
)
def test_kinds_of_review_for_every_count(kinds, expected):
    assert prose.review_sentences(review_stats(1, 0, kinds), {})[1] == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "No case reviews were published in 2019/20."),
        (1, "One case review was published in 2019/20."),
        (2, "Two case reviews were published in 2019/20."),
        (11, "11 case reviews were published in 2019/20."),
    ],
)
def test_publication_sentence_for_every_count(n, expected):
    assert prose.publication_sentence({"label": "2019/20", "reviews": {"published_in_year": n}}) == expected


def action_stats(by_status: dict[str, int], overdue: int) -> dict[str, Any]:
    count = sum(by_status.values())
    return {
        "year": 2019,
        "reviews": {"count": 1, "recommendations_average": 1},
        "actions": {"count": count, "by_status": by_status, "overdue": overdue, "by_rag": {}},
    }


@pytest.mark.parametrize(
    ("by_status", "overdue", "led", "due"),
    [
        ({}, 0, "No actions have yet been recorded against these recommendations.", None),
        (
            {"complete": 1},
            0,
            "The recommendations have led to one action by a partner agency, which is complete.",
            "Every action due before 31 March 2020 has been completed or closed.",
        ),
        (
            {"complete": 1, "in_progress": 1},
            1,
            "The recommendations have led to two actions by partner agencies, of which one is in progress "
            "and one is complete.",
            "Of the actions due before 31 March 2020, one is not yet complete.",
        ),
        (
            {"not_started": 12},
            12,
            "The recommendations have led to 12 actions by partner agencies, of which 12 are not started.",
            "Of the actions due before 31 March 2020, 12 are not yet complete.",
        ),
    ],
)
def test_action_sentences_for_every_count(by_status, overdue, led, due):
    sentences = prose.action_sentences(action_stats(by_status, overdue))
    assert sentences[0] == "On average, each review made one recommendation."
    assert sentences[1] == led
    if due:
        assert sentences[2] == due


def test_overdue_actions_in_a_year_not_yet_ended_are_so_far():
    sentences = prose.action_sentences(action_stats({"in_progress": 2}, 2), so_far=True)
    # A year not yet ended counts what is overdue today (reviews.annual_report.statistics).
    assert "So far, two actions are past their due date and not complete." in sentences
    one = prose.action_sentences(action_stats({"in_progress": 2}, 1), so_far=True)
    assert "So far, one action is past its due date and not complete." in one
    assert prose.action_sentences(action_stats({"in_progress": 2}, 0), so_far=True)[2] == (
        "So far, no action is overdue."
    )


@pytest.mark.parametrize(
    ("by_kind", "expected"),
    [
        ({"partnership_learning": 1}, "The partnership also worked on one partnership learning review."),
        (
            {"partnership_learning": 2, "national_contribution": 1},
            "The partnership also worked on two partnership learning reviews and one contribution to a "
            "national review.",
        ),
    ],
)
def test_learning_reviews_by_kind(by_kind, expected):
    stats = {
        "label": "2019/20",
        "learning_events": {"count": 0},
        "learning_reviews": {"count": sum(by_kind.values()), "by_kind": by_kind, "by_status": {}},
    }
    assert prose.learning_sentences(stats)[1] == expected


def event_stats(by_kind: dict[str, int], attendees: int) -> dict[str, Any]:
    return {
        "label": "2019/20",
        "learning_events": {"count": sum(by_kind.values()), "by_kind": by_kind, "attendees": attendees},
        "learning_reviews": {"count": 0},
    }


@pytest.mark.parametrize(
    ("by_kind", "attendees", "expected"),
    [
        ({}, 0, "No learning events were recorded for 2019/20."),
        ({"workshop": 1}, 1, "In 2019/20 the partnership held one workshop, attended by one person in all."),
        (
            {"workshop": 1, "conference": 1},
            45,
            "In 2019/20 the partnership held one workshop and one conference, attended by 45 people in all.",
        ),
        ({"learning_event": 12}, 0, "In 2019/20 the partnership held 12 learning events."),
    ],
)
def test_learning_events_for_every_count(by_kind, attendees, expected):
    assert prose.learning_sentences(event_stats(by_kind, attendees))[0] == expected


@pytest.mark.parametrize(
    ("themes", "expected"),
    [
        ({}, "No themes were recorded against the reviews."),
        ({"neglect": 1}, "The only theme recorded was neglect (one review)."),
        (
            {"neglect": 2, "suicide": 1},
            "The themes recorded most often were neglect (two reviews) and suicide (one).",
        ),
        (
            {"neglect": 12, "suicide": 3, "nai": 2, "other": 1},
            "The themes recorded most often were neglect (12 reviews), suicide (three) and nai (two).",
        ),
    ],
)
def test_themes_sentence_for_every_count(themes, expected):
    assert prose.themes_sentence(themes, {"neglect": "Neglect", "suicide": "Suicide"}, "review") == expected


@pytest.mark.parametrize(
    ("low", "high", "total", "expected"),
    [
        (None, None, "0.00", "No review costs were recorded for 2019/20."),
        (
            "9800.00",
            "9800.00",
            "9800.00",
            "Recorded review costs came to £9,800 in 2019/20, for a single review.",
        ),
        (
            "10000.00",
            "10000.00",
            "20000.00",
            "Recorded review costs came to £20,000 in 2019/20, at £10,000 for each review.",
        ),
        (
            "10000.00",
            "20500.00",
            "120000.00",
            "Recorded review costs came to £120,000 in 2019/20, from £10,000 to £20,500 for a review.",
        ),
    ],
)
def test_cost_sentences_for_every_count(low, high, total, expected):
    stats = {"label": "2019/20", "reviews": {"cost_min": low, "cost_max": high, "cost_total": total}}
    assert prose.cost_sentences(stats)[0] == expected
