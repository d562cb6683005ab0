"""Import of the external_reviews section of "crag-records/1" (issue 20): all or nothing,
idempotent by ref, every problem named by record and field; the recommendations' actions are the
action plan's own."""

import copy
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from reviews.importer.run import RecordsImportError, import_records
from reviews.models import Action, ExternalReview, Recommendation
from reviews.tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(themes) -> dict[str, Any]:
    return {
        "format": "crag-records/1",
        "agencies": [
            {"ref": "AG-POLICE", "name": "Wessex Police", "kind": "police"},
            {"ref": "AG-HEALTH", "name": "Wessex ICB", "kind": "health"},
        ],
        "external_reviews": [
            {
                "ref": "EXT-1",
                "source": "sar",
                "title": "SAR: Adult P",
                "published_on": "2024-02-01",
                "author": "Wessex Safeguarding Adults Board",
                "url": None,
                "summary": "Transition from children's to adults' services.",
                "themes": ["neglect"],
                "local_response": "Transition planning starts at 17 here; the gap is health.",
                "response_agreed_on": "2024-04-10",
                "recommendations": [
                    {
                        "ref": "EXT-1-1",
                        "text": "Health joins transition planning at 16.",
                        "agencies": ["AG-HEALTH"],
                        "actions": [
                            {
                                "ref": "EXT-1-1A",
                                "description": "Name a transition lead",
                                "owner_agency": "AG-HEALTH",
                                "due_on": "2024-09-30",
                                "status": "in_progress",
                                "completed_on": None,
                            }
                        ],
                    },
                    {
                        "ref": "EXT-1-2",
                        "text": "Police share missing episodes.",
                        "agencies": [],
                        "actions": [],
                    },
                ],
            }
        ],
    }


def refused(document: dict[str, Any]) -> list[str]:
    """The problems of a document that must be refused, having checked that nothing was written."""
    with pytest.raises(RecordsImportError) as caught:
        import_records(document)
    assert not ExternalReview.objects.exists()
    assert not Recommendation.objects.filter(external_review__isnull=False).exists()
    return caught.value.errors


def test_import_creates_the_review_its_numbered_recommendations_and_their_actions(document):
    result = import_records(document)

    review = ExternalReview.objects.get(ref="EXT-1")
    assert (review.source, review.title, review.response_agreed_on) == (
        "sar",
        "SAR: Adult P",
        date(2024, 4, 10),
    )
    assert [t.slug for t in review.themes.all()] == ["neglect"]
    numbers = list(review.recommendations.order_by("number").values_list("ref", "number", "review"))
    assert numbers == [("EXT-1-1", 1, None), ("EXT-1-2", 2, None)]
    action = Action.objects.get(ref="EXT-1-1A")
    assert (action.recommendation.source_title, action.owner_agency.name) == ("SAR: Adult P", "Wessex ICB")
    assert result.sections["external_reviews"].created == 1
    assert result.sections["external_recommendations"].created == 2
    assert result.sections["actions"].created == 1


def test_import_twice_changes_nothing_and_a_change_updates_in_place(document):
    import_records(document)
    again = import_records(document)
    assert (again.created, again.updated) == (0, 0)
    changed = copy.deepcopy(document)
    changed["external_reviews"][0]["recommendations"][1]["text"] = "Police share every missing episode."
    import_records(changed)
    recommendation = Recommendation.objects.get(ref="EXT-1-2")
    assert (recommendation.number, recommendation.text) == (2, "Police share every missing episode.")
    assert ExternalReview.objects.count() == 1


def test_each_problem_is_named_by_record_and_field(document):
    bad = copy.deepcopy(document)
    record = bad["external_reviews"][0]
    record["source"] = "rumour"
    record["themes"] = ["sadness"]
    record["recommendations"][0]["actions"][0]["owner_agency"] = "AG-NOWHERE"
    errors = refused(bad)
    assert 'external_reviews[ref=EXT-1].source: "rumour" is not one of' in errors[0]
    assert any('external_reviews[ref=EXT-1].themes: unknown theme "sadness"' in e for e in errors)
    assert any(
        e.startswith(
            "external_reviews[ref=EXT-1].recommendations[ref=EXT-1-1].actions[ref=EXT-1-1A].owner_agency"
        )
        for e in errors
    )


def test_dates_in_the_future_or_a_response_agreed_before_publication_are_refused(document):
    bad = copy.deepcopy(document)
    bad["external_reviews"][0]["published_on"] = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert any(".published_on: " in e and "is in the future" in e for e in refused(bad))
    early = copy.deepcopy(document)
    early["external_reviews"][0]["response_agreed_on"] = "2024-01-01"
    assert refused(early) == [
        "external_reviews[ref=EXT-1].response_agreed_on: 2024-01-01 is before published_on 2024-02-01"
    ]
    silent = copy.deepcopy(document)
    silent["external_reviews"][0]["local_response"] = None
    assert refused(silent) == [
        "external_reviews[ref=EXT-1].local_response: is required when response_agreed_on is given"
    ]


def test_a_local_recommendations_ref_is_not_taken_over(document):
    RecommendationFactory(ref="EXT-1-2")
    errors = refused(document)
    assert errors == [
        "external_reviews[ref=EXT-1].recommendations[ref=EXT-1-2].ref: "
        "is the ref of a local review's recommendation in CRAG"
    ]
