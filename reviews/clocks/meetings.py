"""The clocks of CRAG's meetings (issue 19): a review in progress is due a progress check every
CRAG_PROGRESS_CHECK_WEEKS (the 2018 regulations ask the partners to monitor reviews' progress),
and an action agreed at a meeting is due on its own date."""

from datetime import date

from django.db.models import Q

from notifications.calendar import Overrides
from reviews.choices import ReviewStatus
from reviews.clocks.casework import review_listing
from reviews.clocks.definition import ClockDefinition, Listing, Period, Recipients, Unit, on_or_before
from reviews.clocks.links import url_for
from reviews.models import MeetingAction, Review

# A review is in progress (and monitored) from its decision until it is signed off.
IN_PROGRESS = (
    ReviewStatus.SCOPING,
    ReviewStatus.COMMISSIONED,
    ReviewStatus.IN_PROGRESS,
    ReviewStatus.PAUSED,
    ReviewStatus.COMPLETED_AS_FAR_AS_POSSIBLE,
)


def _last_checked(review: Review, day: date, overrides: Overrides) -> tuple[date, bool]:
    return review.progress_checked_on or review.decision_on, False


PROGRESS_CHECK = ClockDefinition(
    key="progress_check",
    label="Check the review's progress",
    subject="review",
    model=Review,
    period=Period("CRAG_PROGRESS_CHECK_WEEKS", Unit.WEEKS),
    source="Child Safeguarding Practice Review and Relevant Agency (England) Regulations 2018: the "
    "partners monitor a review's progress; CRAG checks it at this interval (local practice)",
    applies=lambda review: review.status in IN_PROGRESS,
    applies_q=Q(status__in=IN_PROGRESS),
    starts=_last_checked,
    # Checked, it starts again from the check: it is done only when the review leaves progress.
    completed_on=lambda review: None,
    pending_q=lambda day: Q(),
    exists_from=lambda review: review.decision_on,
    exists_q=on_or_before("decision_on"),
    listing=review_listing,
)


def meeting_action_listing(action: MeetingAction) -> Listing:
    return Listing(
        "meeting_action",
        action.pk,
        None,
        f"{action.description[:80]} (CRAG meeting of {action.meeting.held_on:%d %B %Y})",
        url_for("reviews:meeting_detail", action.meeting_id),
        action.owner_agency_id,
        action.owner_id,
    )


def _action_due(action: MeetingAction, day: date, overrides: Overrides) -> tuple[date, bool]:
    return action.due_on, False


MEETING_ACTION_DUE = ClockDefinition(
    key="meeting_action_due",
    label="Meeting action due",
    subject="meeting_action",
    model=MeetingAction,
    period=Period("", Unit.SET_DATE),
    source="Local: the date agreed at the CRAG meeting",
    applies=lambda action: True,
    applies_q=Q(),
    starts=_action_due,
    completed_on=lambda action: action.done_on,
    pending_q=lambda day: Q(done_on__isnull=True) | Q(done_on__gt=day),
    exists_from=lambda action: action.meeting.held_on,
    exists_q=lambda day: Q(meeting__held_on__lte=day),
    listing=meeting_action_listing,
    recipients=Recipients.MEETING_ACTION,
    start_field="due_on",
)
