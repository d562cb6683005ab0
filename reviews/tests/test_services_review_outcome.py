"""The review a Rapid Review's outcome creates: its kind, children and themes, only once, and only
for a review outcome."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from reviews.choices import RapidReviewOutcome, ReviewKind, ReviewStatus
from reviews.incidents import rapid_reviews
from reviews.models import Child, Review, Theme
from reviews.tests.incident_records import AWARE, chair, child, member, rapid_review, signed_off

__all__ = ["chair", "child", "member", "rapid_review", "signed_off"]  # fixtures


def test_cspr_outcome_creates_a_cspr_with_the_children_and_themes(member, child, rapid_review):
    other = Child.objects.create(pseudonym="Child N")
    rapid_review.incident.children.add(other)
    themes = list(Theme.objects.filter(slug__in=["neglect", "domestic_abuse"]))
    rapid_reviews.rapid_review_update(
        actor=member, rapid_review=rapid_review, fields={"outcome": RapidReviewOutcome.CSPR}, themes=themes
    )

    review = rapid_reviews.review_create_from_outcome(
        actor=member, rapid_review=rapid_review, decision_on=date(2025, 7, 1)
    )

    review.refresh_from_db()
    assert review.kind == ReviewKind.CSPR
    assert review.status == ReviewStatus.SCOPING
    assert review.rapid_review == rapid_review
    assert review.decision_on == date(2025, 7, 1)
    assert set(review.children.all()) == {child, other}
    assert set(review.themes.all()) == set(themes)


def test_local_review_outcome_creates_a_local_review(member, rapid_review):
    rapid_reviews.rapid_review_update(
        actor=member, rapid_review=rapid_review, fields={"outcome": RapidReviewOutcome.LOCAL_REVIEW}
    )

    review = rapid_reviews.review_create_from_outcome(
        actor=member, rapid_review=rapid_review, decision_on=date(2025, 7, 1)
    )

    assert review.kind == ReviewKind.LOCAL


def test_a_second_review_from_the_same_rapid_review_is_refused(member, rapid_review):
    rapid_reviews.rapid_review_update(
        actor=member, rapid_review=rapid_review, fields={"outcome": RapidReviewOutcome.CSPR}
    )
    rapid_reviews.review_create_from_outcome(
        actor=member, rapid_review=rapid_review, decision_on=date(2025, 7, 1)
    )

    with pytest.raises(ValidationError):
        rapid_reviews.review_create_from_outcome(
            actor=member, rapid_review=rapid_review, decision_on=date(2025, 7, 2)
        )

    assert Review.objects.count() == 1


@pytest.mark.parametrize(
    "outcome", [RapidReviewOutcome.NO_FURTHER_REVIEW, ""], ids=["no-further-review", "none"]
)
def test_no_review_is_created_without_a_review_outcome(member, rapid_review, outcome):
    rapid_reviews.rapid_review_update(actor=member, rapid_review=rapid_review, fields={"outcome": outcome})

    with pytest.raises(ValidationError):
        rapid_reviews.review_create_from_outcome(
            actor=member, rapid_review=rapid_review, decision_on=date(2025, 7, 1)
        )

    assert not Review.objects.exists()


def test_review_decision_before_the_aware_date_is_refused(member, rapid_review):
    rapid_reviews.rapid_review_update(
        actor=member, rapid_review=rapid_review, fields={"outcome": RapidReviewOutcome.CSPR}
    )

    with pytest.raises(ValidationError):
        rapid_reviews.review_create_from_outcome(
            actor=member, rapid_review=rapid_review, decision_on=AWARE - timedelta(days=1)
        )

    assert not Review.objects.exists()
