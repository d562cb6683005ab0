"""Fictional CRAG meetings for `manage.py seed_demo`: last month's meeting, held with the three
partners attending (quorate), with its minutes (a review's progress checked, an action agreed and
now overdue), and the next one in about a week with its invitations and its agenda
drafted from what is due (the demo's referral awaiting screening, reviews due a check, overdue
actions, last month's minutes). Safe to run twice."""

from datetime import date, time, timedelta

from django.conf import settings
from django.db import transaction

from crag import permissions
from crag.models import Agency, User
from reviews.choices import Attendance, MeetingDecisionKind
from reviews.clocks import IN_PROGRESS
from reviews.meetings import agenda, decisions, minutes, services
from reviews.models import Meeting, Review

TITLE = "CRAG meeting"


def _partners(chair: User) -> list[User]:
    """The chair and, for each statutory partner, its first CRAG representative."""
    people = [chair]
    for role in settings.CRAG_MEETING_QUORUM_PARTNERS:
        for user in User.objects.filter(agency__partner_role=role, is_active=True).order_by("pk"):
            if permissions.can_do_crag_work(user) and user not in people:
                people.append(user)
                break
    return people


def _minutes(chair: User, held: Meeting) -> None:
    """The held meeting's minutes: the discussion, a review's progress checked there (its
    `progress_check` clock starts again from the meeting), and an action agreed, now overdue."""
    first = held.items.get(number=1)
    minutes.item_minute(
        actor=chair,
        item=first,
        discussion="Fictional: four referrals this quarter; two screened within the day, two "
        "within two days. The partners asked for the council's aware date on every referral.",
    )
    review = (
        Review.objects.filter(status__in=IN_PROGRESS, decision_on__lte=held.held_on)
        .order_by("decision_on")
        .first()
    )
    if review is not None:
        item = services.agenda_item_add(
            actor=chair, meeting=held, title=f"Progress of the review of {review.title}", review=review
        )
        minutes.item_minute(
            actor=chair, item=item, discussion="Fictional: the reviewer reported interviews complete."
        )
        decisions.decision_record(
            actor=chair,
            item=item,
            kind=MeetingDecisionKind.PROGRESS_CHECKED,
            text="Fictional: progress checked; draft report expected next month.",
        )
    minutes.meeting_action_add(
        actor=chair,
        meeting=held,
        item=first,
        description="Fictional: write to every agency asking them to give the council's aware date "
        "on each referral.",
        owner_agency=Agency.objects.get(users=chair),
        owner=chair,
        due_on=held.held_on + timedelta(days=14),
    )


@transaction.atomic
def seed(*, today: date, chair: User) -> list[Meeting]:
    if Meeting.objects.filter(title=TITLE, created_by=chair).exists():
        return []
    invitees = _partners(chair)
    held = services.meeting_create(
        actor=chair,
        held_on=today - timedelta(days=28),
        starts_at=time(10, 0),
        ends_at=time(12, 0),
        place="Fictional: Committee Room 2, County Hall",
        invitees=invitees,
    )
    services.agenda_item_add(actor=chair, meeting=held, title="Review of the quarter's referrals")
    services.attendance_record(
        actor=chair, meeting=held, attendance=dict.fromkeys(invitees, Attendance.ATTENDED)
    )
    _minutes(chair, held)
    upcoming = services.meeting_create(
        actor=chair,
        held_on=today + timedelta(days=7),
        starts_at=time(10, 0),
        ends_at=time(12, 0),
        place="Fictional: Committee Room 2, County Hall",
        link="https://meet.example.invalid/crag",
        invitees=invitees,
    )
    agenda.agenda_draft(actor=chair, meeting=upcoming)
    return [held, upcoming]
