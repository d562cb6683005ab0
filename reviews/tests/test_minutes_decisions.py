"""Decisions minuted at a meeting are written on the records they decide, through those records'
own rules, and link back to the meeting; a refused decision leaves nothing minuted."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from crag import roles
from reviews import clocks
from reviews.casework.timeline import timeline
from reviews.choices import ReviewStatus
from reviews.clocks.meetings import PROGRESS_CHECK
from reviews.meetings import decisions
from reviews.models import MeetingDecision, RapidReview, Review, ReviewStatusChange
from reviews.tests.factories import RapidReviewFactory, ReviewFactory
from reviews.tests.factories_meetings import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db
HELD = date(2025, 2, 4)


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


def rapid_review_item():
    return AgendaItemFactory(
        meeting=MeetingFactory(held_on=HELD), kind="rapid_review_decision", rapid_review=RapidReviewFactory()
    )


def test_a_rapid_review_decision_is_written_on_the_rapid_review_and_links_the_meeting(chair):
    item = rapid_review_item()
    decision = decisions.decision_record(
        actor=chair,
        item=item,
        kind="rapid_review_decision",
        text="The case meets the criteria for a local review.",
        meets_cspr_criteria=True,
        complex_or_national_importance=False,
        decision_reasons="Serious harm; learning for health visiting.",
    )
    rapid_review = RapidReview.objects.get(pk=item.rapid_review_id)
    assert rapid_review.meets_cspr_criteria is True
    assert rapid_review.complex_or_national_importance is False
    assert rapid_review.decision_reasons == "Serious harm; learning for health visiting."
    assert decision.rapid_review == rapid_review
    assert list(rapid_review.meeting_decisions.all()) == [decision]
    assert decision.item.meeting == item.meeting


def test_a_signed_off_rapid_review_refuses_the_decision_and_nothing_is_minuted(chair):
    item = rapid_review_item()
    RapidReview.objects.filter(pk=item.rapid_review_id).update(
        meets_cspr_criteria=False, signed_off_at=timezone.now(), signed_off_by=chair
    )
    with pytest.raises(ValidationError, match="signed off"):
        decisions.decision_record(
            actor=chair, item=item, kind="rapid_review_decision", text="Changed", meets_cspr_criteria=True
        )
    assert not MeetingDecision.objects.exists()
    assert RapidReview.objects.get(pk=item.rapid_review_id).meets_cspr_criteria is False


def test_a_review_transition_is_recorded_on_the_review_with_the_meeting_and_shown_on_its_timeline(chair):
    review = ReviewFactory.create(status=ReviewStatus.COMMISSIONED, decision_on=date(2025, 1, 6))
    item = AgendaItemFactory(meeting=MeetingFactory(held_on=HELD), kind="progress_check", review=review)
    decision = decisions.decision_record(
        actor=chair,
        item=item,
        kind="review_transition",
        text="Start the review.",
        to="in_progress",
        note="Agreed",
    )
    change = ReviewStatusChange.objects.get(review=review)
    assert (change.to_status, change.on, change.meeting) == ("in_progress", HELD, item.meeting)
    assert decision.review == review
    entry = next(e for e in timeline(Review.objects.get(pk=review.pk)) if e.title == "In progress")
    assert "decided at the CRAG meeting of 4 February 2025" in entry.detail
    assert entry.minutes == f"/meetings/{item.meeting_id}/minutes/"


def test_a_refused_transition_minutes_nothing(chair):
    review = ReviewFactory.create(status=ReviewStatus.SCOPING)
    item = AgendaItemFactory(meeting=MeetingFactory(held_on=HELD), review=review)
    with pytest.raises(ValidationError):
        decisions.decision_record(
            actor=chair, item=item, kind="review_transition", text="Sign it off", to="published"
        )
    assert not MeetingDecision.objects.exists()
    assert not ReviewStatusChange.objects.exists()


def test_a_progress_check_restarts_the_progress_check_clock_from_the_meeting(chair):
    review = ReviewFactory.create(status=ReviewStatus.IN_PROGRESS, decision_on=date(2024, 9, 2))
    before = clocks.Day(HELD).clock(PROGRESS_CHECK, review)
    item = AgendaItemFactory(meeting=MeetingFactory(held_on=HELD), kind="progress_check", review=review)
    decisions.decision_record(actor=chair, item=item, kind="progress_checked", text="On track.")
    review = Review.objects.get(pk=review.pk)
    assert review.progress_checked_on == HELD
    after = clocks.Day(HELD).clock(PROGRESS_CHECK, review)
    assert before is not None
    assert after is not None
    assert after.due > before.due
    assert after.due > HELD


def test_a_progress_check_of_a_review_not_in_progress_is_refused(chair):
    review = ReviewFactory.create(status=ReviewStatus.PUBLISHED, published_on=date(2025, 1, 20))
    item = AgendaItemFactory(meeting=MeetingFactory(held_on=HELD), review=review)
    with pytest.raises(ValidationError, match="in progress"):
        decisions.decision_record(actor=chair, item=item, kind="progress_checked", text="Checked")
    assert not MeetingDecision.objects.exists()


def test_a_decision_of_a_kind_needing_a_record_is_refused_on_an_item_without_one(chair):
    item = AgendaItemFactory(meeting=MeetingFactory(held_on=HELD))
    with pytest.raises(ValidationError) as refused:
        decisions.decision_record(actor=chair, item=item, kind="progress_checked", text="Checked")
    assert "not about a review" in str(refused.value)


def test_an_other_decision_is_text_only(chair):
    item = AgendaItemFactory(meeting=MeetingFactory(held_on=HELD))
    decision = decisions.decision_record(actor=chair, item=item, kind="other", text="Write to the Panel.")
    assert (decision.text, decision.review, decision.rapid_review) == ("Write to the Panel.", None, None)


def test_only_crag_minutes_decisions(make_user):
    item = AgendaItemFactory(meeting=MeetingFactory(held_on=HELD))
    for role in (roles.AGENCY_ACTION_LEAD, roles.BOARD_MEMBER, roles.INDEPENDENT_REVIEWER):
        with pytest.raises(PermissionDenied):
            decisions.decision_record(actor=make_user(role), item=item, kind="other", text="No")


def test_a_meeting_not_yet_held_takes_no_decisions(chair):
    item = AgendaItemFactory(meeting=MeetingFactory(held_on=timezone.localdate() + timedelta(days=3)))
    with pytest.raises(ValidationError, match="not been held"):
        decisions.decision_record(actor=chair, item=item, kind="other", text="Too soon")
