"""A review's record beside its lifecycle: life letters through their stages, for its own children,
and the reason for delay of a CSPR."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from reviews.casework import record as review_record
from reviews.models import Child, Review
from reviews.tests.lifecycle_records import S, make_review, people

__all__ = ["people"]  # fixtures


@pytest.mark.django_db
def test_a_life_letter_moves_through_its_stages_in_order(people):
    review = make_review()
    child = review.children.get()
    with pytest.raises(ValidationError) as refused:
        review_record.life_letter_record(actor=people["member"], review=review, child=child, stage="given")
    assert set(refused.value.message_dict) == {"approved_on", "given_on"}
    with pytest.raises(ValidationError, match="approved, then given"):
        review_record.life_letter_record(
            actor=people["member"],
            review=review,
            child=child,
            stage="given",
            approved_on=date(2026, 5, 2),
            given_on=date(2026, 5, 1),
        )
    letter = review_record.life_letter_record(
        actor=people["member"], review=review, child=child, stage="approved", approved_on=date(2026, 5, 1)
    )
    again = review_record.life_letter_record(
        actor=people["member"],
        review=review,
        child=child,
        stage="given",
        approved_on=date(2026, 5, 1),
        given_on=date(2026, 5, 3),
    )
    assert (again.pk, again.stage) == (letter.pk, "given")


@pytest.mark.django_db
def test_a_life_letter_is_only_for_the_reviews_children(people):
    stranger = Child.objects.create(pseudonym="Child Z")
    with pytest.raises(ValidationError, match="review's children"):
        review_record.life_letter_record(
            actor=people["member"], review=make_review(), child=stranger, stage="drafting"
        )


@pytest.mark.django_db
def test_the_reason_for_delay_is_recorded_for_a_cspr_at_any_time(people, time_machine):
    """A paused review often knows early that it will be late (DESIGN.md section 2)."""
    time_machine.move_to("2026-03-02")
    review = make_review(S.PAUSED)  # a CSPR decided 5 January 2026: due 5 July
    done = review_record.review_record_delay(
        actor=people["member"],
        review=review,
        delay_reason="Awaiting the inquest",
        delay_reason_sent_on=date(2026, 3, 2),
    )
    assert done.delay_reason == "Awaiting the inquest"
    local = Review.objects.create(kind="local", title="Child L", decision_on=date(2026, 1, 5))
    with pytest.raises(ValidationError, match="for a CSPR"):
        review_record.review_record_delay(actor=people["member"], review=local, delay_reason="Inquest")
