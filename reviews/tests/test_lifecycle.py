"""A review's lifecycle: the transitions, who may make them and what each needs. Who sees the
review, its record and its pages are in test_lifecycle_who_sees.py, test_lifecycle_record.py and
test_lifecycle_pages.py."""

import itertools
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviews.actions import services as action_plans
from reviews.casework import lifecycle
from reviews.casework import record as review_record
from reviews.models import ParallelProcess, Review, ReviewStatusChange
from reviews.tests.lifecycle_records import ALLOWED, S, final_report, make_review, people

__all__ = ["people"]  # fixtures


@pytest.mark.django_db
@pytest.mark.parametrize("source", S.values)
@pytest.mark.parametrize("target", S.values)
def test_only_the_listed_transitions_exist(source, target, people):
    """Every pair of statuses: those not in the table are refused with a plain message."""
    review = make_review(status=source, published_on=date(2026, 2, 1) if source in (S.PUBLISHED,) else None)
    if (source, target) in ALLOWED:
        return  # their conditions are tested one by one below
    with pytest.raises(ValidationError, match="cannot become"):
        lifecycle.review_move(actor=people["chair"], review=review, to=target, note="because")
    assert Review.objects.get(pk=review.pk).status == source


def test_the_table_covers_the_whole_path_from_scoping_to_closed():
    path = [S.SCOPING, S.COMMISSIONED, S.IN_PROGRESS, S.SIGNED_OFF, S.PUBLISHED, S.CLOSED]
    assert all(pair in ALLOWED for pair in itertools.pairwise(path))
    assert {
        (S.IN_PROGRESS, S.PAUSED),
        (S.PAUSED, S.IN_PROGRESS),
        (S.PAUSED, S.COMPLETED_AS_FAR_AS_POSSIBLE),
    } <= (ALLOWED)


@pytest.mark.django_db
def test_commissioning_needs_the_reviewer_and_records_the_date_and_who(people):
    review = make_review()
    with pytest.raises(ValidationError, match="Assign the independent reviewer"):
        lifecycle.review_move(actor=people["member"], review=review, to=S.COMMISSIONED)
    review_record.review_assign_reviewer(actor=people["member"], review=review, reviewer=people["reviewer"])
    done = lifecycle.review_move(
        actor=people["member"], review=review, to=S.COMMISSIONED, on=date(2026, 1, 20)
    )
    assert (done.status, done.commissioned_on) == (S.COMMISSIONED, date(2026, 1, 20))
    change = ReviewStatusChange.objects.get(review=review)
    assert (change.from_status, change.to_status, change.changed_by) == (
        S.SCOPING,
        S.COMMISSIONED,
        people["member"],
    )


@pytest.mark.django_db
def test_only_a_user_in_the_reviewer_role_is_assigned(people):
    with pytest.raises(ValidationError, match="Independent reviewer role"):
        review_record.review_assign_reviewer(
            actor=people["chair"], review=make_review(), reviewer=people["member"]
        )
    with pytest.raises(PermissionDenied):
        review_record.review_assign_reviewer(
            actor=people["business"], review=make_review(), reviewer=people["reviewer"]
        )


@pytest.mark.django_db
def test_pausing_needs_an_active_parallel_process_and_a_reason(people):
    review = make_review(S.IN_PROGRESS)
    with pytest.raises(ValidationError, match="parallel process"):
        lifecycle.review_move(actor=people["member"], review=review, to=S.PAUSED, note="Inquest")
    with pytest.raises(ValidationError) as refused:
        lifecycle.review_move(actor=people["member"], review=review, to=S.PAUSED)
    assert "note" in refused.value.message_dict
    lifecycle.review_pause(
        actor=people["member"],
        review=review,
        kind="inquest",
        started_on=date(2026, 2, 1),
        note="Coroner's inquest listed",
        blocks_family_contact=True,
    )
    review.refresh_from_db()
    process = review.parallel_processes.get()
    assert (review.status, process.kind, process.blocks) == (S.PAUSED, "inquest", ["contact with the family"])


@pytest.mark.django_db
def test_a_refused_pause_records_no_process(people):
    review = make_review(S.IN_PROGRESS)
    future = timezone.localdate() + timedelta(days=3)
    with pytest.raises(ValidationError):
        lifecycle.review_pause(
            actor=people["member"], review=review, kind="inquest", started_on=future, note="x"
        )
    assert not ParallelProcess.objects.exists()
    assert Review.objects.get(pk=review.pk).status == S.IN_PROGRESS


@pytest.mark.django_db
def test_completed_as_far_as_possible_only_while_a_process_is_active(people):
    review = make_review(S.PAUSED)
    process = lifecycle.parallel_process_add(
        actor=people["member"],
        review=review,
        kind="criminal_investigation_or_trial",
        started_on=date(2026, 2, 1),
    )
    lifecycle.parallel_process_end(actor=people["member"], process=process, ended_on=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="parallel process"):
        lifecycle.review_move(
            actor=people["member"], review=review, to=S.COMPLETED_AS_FAR_AS_POSSIBLE, note="x"
        )
    lifecycle.parallel_process_add(
        actor=people["member"], review=review, kind="family_court", started_on=date(2026, 3, 2)
    )
    done = lifecycle.review_move(
        actor=people["member"], review=review, to=S.COMPLETED_AS_FAR_AS_POSSIBLE, note="Trial not before 2027"
    )
    assert done.status == S.COMPLETED_AS_FAR_AS_POSSIBLE


@pytest.mark.django_db
def test_a_process_cannot_end_before_it_began_or_twice(people):
    process = lifecycle.parallel_process_add(
        actor=people["member"], review=make_review(S.IN_PROGRESS), kind="inquest", started_on=date(2026, 2, 1)
    )
    with pytest.raises(ValidationError, match="before the process started"):
        lifecycle.parallel_process_end(actor=people["member"], process=process, ended_on=date(2026, 1, 1))
    lifecycle.parallel_process_end(actor=people["member"], process=process, ended_on=date(2026, 2, 2))
    with pytest.raises(ValidationError, match="already ended"):
        lifecycle.parallel_process_end(actor=people["member"], process=process, ended_on=date(2026, 2, 3))


@pytest.mark.django_db
def test_only_the_chair_signs_off_and_only_with_a_final_report(people):
    review = make_review(S.IN_PROGRESS)
    with pytest.raises(PermissionDenied):
        lifecycle.review_move(actor=people["member"], review=review, to=S.SIGNED_OFF)
    with pytest.raises(ValidationError, match="final report"):
        lifecycle.review_move(actor=people["chair"], review=review, to=S.SIGNED_OFF)
    final_report(review, people["chair"])
    done = lifecycle.review_move(actor=people["chair"], review=review, to=S.SIGNED_OFF, on=date(2026, 6, 1))
    assert (done.status, done.signed_off_on, done.signed_off_by) == (
        S.SIGNED_OFF,
        date(2026, 6, 1),
        people["chair"],
    )


@pytest.mark.django_db
def test_publication_waits_for_a_process_that_holds_it_up(people):
    review = make_review(S.SIGNED_OFF, signed_off_on=date(2026, 6, 1))
    process = lifecycle.parallel_process_add(
        actor=people["member"],
        review=review,
        kind="inquest",
        started_on=date(2026, 5, 1),
        blocks_publication=True,
    )
    publish = {"published_on": date(2026, 7, 1), "publication_url": "https://example.org/child"}
    with pytest.raises(ValidationError, match="holds up publication"):
        action_plans.review_record_publication(actor=people["member"], review=review, **publish)
    assert Review.objects.get(pk=review.pk).published_on is None  # nothing half-saved
    lifecycle.parallel_process_end(actor=people["member"], process=process, ended_on=date(2026, 6, 20))
    done = action_plans.review_record_publication(actor=people["member"], review=review, **publish)
    assert done.status == S.PUBLISHED


@pytest.mark.django_db
def test_dates_are_not_in_the_future_nor_before_the_decision(people):
    review = make_review()
    review_record.review_assign_reviewer(actor=people["chair"], review=review, reviewer=people["reviewer"])
    for on in (timezone.localdate() + timedelta(days=1), date(2025, 12, 31)):
        with pytest.raises(ValidationError) as refused:
            lifecycle.review_move(actor=people["chair"], review=review, to=S.COMMISSIONED, on=on)
        assert "on" in refused.value.message_dict
