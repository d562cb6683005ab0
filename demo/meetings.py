"""Fictional CRAG meetings for `manage.py seed_demo`: last month's meeting, held with the three
partners attending (quorate), and the next one in about a week with its invitations and its agenda
drafted from what is due (the demo's referral awaiting screening, reviews due a check, overdue
actions, last month's minutes). Safe to run twice."""

from datetime import date, time, timedelta

from django.conf import settings
from django.db import transaction

from crag import permissions
from crag.models import User
from reviews.choices import Attendance
from reviews.meetings import agenda, services
from reviews.models import Meeting

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
