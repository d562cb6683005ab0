"""The importer's reviews, numbered recommendations, actions and parallel processes."""

from datetime import date
from decimal import Decimal

import pytest

from crag.models import Agency
from reviews.importer.run import import_records
from reviews.models import Action, Recommendation, Review
from reviews.tests.importer_sample import record, refused, row_counts, sample

__all__ = ["sample"]  # fixtures


@pytest.mark.django_db
def test_import_stores_reviews_and_numbered_recommendations_with_their_actions(sample):
    import_records(sample)

    published = Review.objects.get(ref="REV-2019-01")
    assert (published.status, published.published_on) == ("published", date(2020, 6, 15))
    assert published.rapid_review is not None
    assert published.rapid_review.ref == "RR-2019-01"
    assert set(published.children.values_list("ref", flat=True)) == {"CH-A", "CH-B"}
    assert published.publication_url == "https://example.org/reviews/child-a"
    paused = Review.objects.get(ref="REV-2021-02")
    assert (paused.status, paused.rapid_review, paused.publication_url) == ("paused", None, "")
    assert list(published.recommendations.values_list("ref", "number")) == [
        ("REC-2019-01-A", 1),
        ("REC-2019-01-B", 2),
    ]
    first = Recommendation.objects.get(ref="REC-2019-01-A")
    assert set(first.agencies.values_list("name", flat=True)) == {"Wessex Police", "Wessex County Council"}
    closed = Action.objects.get(ref="ACT-2019-01-A1")
    assert (closed.status, closed.completed_on) == ("closed", date(2020, 11, 30))
    assert closed.owner_agency.name == "Wessex Police"
    assert Action.objects.get(ref="ACT-2019-01-B1").recommendation.number == 2
    assert (published.signed_off_on, published.cost_gbp) == (date(2020, 5, 1), Decimal("18500.00"))
    assert list(published.parallel_processes.values_list("kind", "started_on", "ended_on")) == [
        ("inquest", date(2019, 6, 1), date(2020, 2, 1))
    ]
    assert paused.parallel_processes.get().is_active


@pytest.mark.django_db
def test_import_matches_parallel_processes_by_kind_and_start(sample):
    import_records(sample)
    paused = Review.objects.get(ref="REV-2021-02")
    record(sample, "reviews", "REV-2021-02")["status"] = "in_progress"
    record(sample, "reviews", "REV-2021-02")["parallel_processes"][0]["ended_on"] = "2021-09-01"

    again = import_records(sample)

    assert again.sections["reviews"].updated == 1
    assert list(paused.parallel_processes.values_list("ended_on", flat=True)) == [date(2021, 9, 1)]
    assert import_records(sample).updated == 0


@pytest.mark.django_db
def test_import_of_reviews_twice_changes_nothing(sample):
    import_records(sample)
    counts = row_counts()
    updated_at = Action.objects.get(ref="ACT-2019-01-A2").updated_at

    second = import_records(sample)

    assert row_counts() == counts
    assert (second.created, second.updated) == (0, 0)
    assert second.sections["reviews"].unchanged == 2
    assert second.sections["recommendations"].unchanged == 2
    assert second.sections["actions"].unchanged == 3
    assert Action.objects.get(ref="ACT-2019-01-A2").updated_at == updated_at


@pytest.mark.django_db
def test_import_keeps_an_existing_recommendations_number(sample):
    import_records(sample)
    sample["recommendations"].reverse()

    import_records(sample)

    assert Recommendation.objects.get(ref="REC-2019-01-A").number == 1
    assert Recommendation.objects.get(ref="REC-2019-01-B").number == 2


@pytest.mark.django_db
def test_import_refuses_a_closed_action_without_its_completion_date(sample):
    action = record(sample, "recommendations", "REC-2019-01-A")["actions"][0]
    action["completed_on"] = None

    assert refused(sample) == [
        "recommendations[ref=REC-2019-01-A].actions[ref=ACT-2019-01-A1].completed_on: "
        "is required when status is closed"
    ]
    assert not Review.objects.exists()
    assert not Agency.objects.filter(name="Wessex Police").exists()


@pytest.mark.django_db
def test_import_refuses_a_paused_review_without_an_active_parallel_process(sample):
    record(sample, "reviews", "REV-2021-02")["parallel_processes"][0]["ended_on"] = "2021-09-01"

    assert refused(sample) == [
        "reviews[ref=REV-2021-02].parallel_processes: "
        "a review with status paused needs an active parallel process (one with ended_on null)"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"signed_off_on": None, "published_on": "2019-06-19"},
            "reviews[ref=REV-2019-01].published_on: 2019-06-19 is before decision_on 2019-06-20",
        ),
        (
            {"published_on": "2020-04-30"},
            "reviews[ref=REV-2019-01].published_on: 2020-04-30 is before signed_off_on 2020-05-01",
        ),
        (
            {"signed_off_on": "2019-06-01"},
            "reviews[ref=REV-2019-01].signed_off_on: 2019-06-01 is before decision_on 2019-06-20",
        ),
        (
            {"published_on": None},
            "reviews[ref=REV-2019-01].published_on: is required when status is published",
        ),
        (
            {"children": ["CH-A", "CH-Z"]},
            'reviews[ref=REV-2019-01].children: unknown child "CH-Z" (in neither this file nor the database)',
        ),
        (
            {"cost_gbp": "-5.00"},
            "reviews[ref=REV-2019-01].cost_gbp: -5.00 is negative",
        ),
        (
            {"parallel_processes": [{"kind": "tribunal", "started_on": "2019-06-01", "ended_on": None}]},
            'reviews[ref=REV-2019-01].parallel_processes[0].kind: "tribunal" is not one of: '
            "criminal_investigation_or_trial, inquest, domestic_abuse_related_death_review, "
            "safeguarding_adults_review, child_death_review, family_court, disciplinary, other",
        ),
    ],
)
def test_import_refuses_review_contradictions_naming_record_and_field(sample, change, expected):
    record(sample, "reviews", "REV-2019-01").update(change)

    assert refused(sample) == [expected]


@pytest.mark.django_db
def test_import_does_not_repeat_a_refused_reviews_problem_in_its_recommendations(sample):
    record(sample, "reviews", "REV-2019-01")["kind"] = "inquiry"

    errors = refused(sample)

    assert errors == [
        'reviews[ref=REV-2019-01].kind: "inquiry" is not one of: '
        "scr, cspr, local, partnership_learning, national_contribution"
    ]
