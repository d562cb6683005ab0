"""The services of CRAG's meetings: planning, moving (the sequence calendars follow), cancelling,
invitees, attendance, the quorum of the three partners, and the agenda's numbering."""

from datetime import date, time

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from crag import roles
from crag.tests.factories import AgencyFactory, UserFactory
from reviews.choices import Attendance, MeetingStatus
from reviews.editing.versions import EditConflict
from reviews.meetings import services
from reviews.meetings.quorum import quorum
from reviews.models import AgendaItem

pytestmark = pytest.mark.django_db
TODAY = date(2025, 3, 3)  # a Monday


@pytest.fixture
def partners():
    """The chair (council) and a representative of the police and of the ICB."""
    council = AgencyFactory(name="Council", partner_role="local_authority")
    police = AgencyFactory(name="Police", partner_role="police")
    icb = AgencyFactory(name="ICB", partner_role="icb")
    return {
        "chair": UserFactory(full_name="Chair", agency=council, roles=[roles.CRAG_CHAIR]),
        "police": UserFactory(full_name="Inspector", agency=police, roles=[roles.CRAG_MEMBER]),
        "icb": UserFactory(full_name="Nurse", agency=icb, roles=[roles.CRAG_MEMBER]),
    }


def plan(partners, **kwargs):
    defaults = {
        "actor": partners["chair"],
        "held_on": date(2025, 3, 10),
        "starts_at": time(10, 0),
        "ends_at": time(12, 0),
        "place": "Room 2",
        "invitees": list(partners.values()),
    }
    return services.meeting_create(**(defaults | kwargs))


@time_machine.travel(TODAY)
def test_a_planned_meeting_invites_each_person_once_with_no_invitation_sent_yet(partners):
    meeting = plan(partners, invitees=[*partners.values(), partners["police"]])
    assert meeting.members.count() == 3
    assert set(meeting.members.values_list("invitation_sequence", flat=True)) == {-1}
    assert meeting.sequence == 0
    assert meeting.created_by == partners["chair"]


@time_machine.travel(TODAY)
def test_a_meeting_needs_a_place_or_a_link(partners):
    with pytest.raises(ValidationError, match="place, an online meeting link"):
        plan(partners, place="")
    assert plan(partners, place="", link="https://meet.example/crag").link


@time_machine.travel(TODAY)
def test_only_crag_plans_meetings(partners):
    lead = UserFactory(roles=[roles.AGENCY_ACTION_LEAD])
    with pytest.raises(PermissionDenied):
        plan(partners, actor=lead)


@time_machine.travel(TODAY)
def test_moving_the_meeting_raises_its_sequence_and_keeps_its_uid(partners):
    meeting = plan(partners)
    uid = meeting.uid
    moved = services.meeting_update(
        actor=partners["chair"], meeting=meeting, version=meeting.version, held_on=date(2025, 3, 11)
    )
    assert (moved.sequence, moved.uid, moved.held_on) == (1, uid, date(2025, 3, 11))
    retitled = services.meeting_update(
        actor=partners["chair"], meeting=moved, version=moved.version, title="CRAG"
    )
    assert retitled.sequence == 1  # the title is no news to a calendar


@time_machine.travel(TODAY)
def test_an_edit_from_a_stale_form_changes_nothing(partners):
    meeting = plan(partners)
    services.meeting_update(actor=partners["chair"], meeting=meeting, version=1, place="Room 3")
    with pytest.raises(EditConflict):
        services.meeting_update(actor=partners["chair"], meeting=meeting, version=1, place="Room 4")
    meeting.refresh_from_db()
    assert meeting.place == "Room 3"


@time_machine.travel(TODAY)
def test_cancelling_raises_the_sequence_once_and_cannot_be_done_twice(partners):
    meeting = plan(partners)
    cancelled = services.meeting_cancel(actor=partners["chair"], meeting=meeting)
    assert (cancelled.status, cancelled.sequence) == (MeetingStatus.CANCELLED, 1)
    with pytest.raises(ValidationError, match="Only a planned meeting"):
        services.meeting_cancel(actor=partners["chair"], meeting=meeting)


@time_machine.travel(TODAY)
def test_invitees_change_only_before_the_meeting(partners):
    meeting = plan(partners, invitees=[partners["chair"]])
    member = services.member_add(actor=partners["chair"], meeting=meeting, user=partners["police"])
    with pytest.raises(ValidationError, match="already invited"):
        services.member_add(actor=partners["chair"], meeting=meeting, user=partners["police"])
    services.member_remove(actor=partners["chair"], meeting=meeting, member=member)
    assert list(meeting.members.values_list("user", flat=True)) == [partners["chair"].pk]
    with time_machine.travel(date(2025, 3, 11)), pytest.raises(ValidationError, match="before the meeting"):
        services.member_add(actor=partners["chair"], meeting=meeting, user=partners["icb"])


def test_all_three_partners_attending_make_the_meeting_quorate(partners):
    with time_machine.travel(TODAY):
        meeting = plan(partners)
    with time_machine.travel(date(2025, 3, 10)):
        services.attendance_record(
            actor=partners["chair"],
            meeting=meeting,
            attendance=dict.fromkeys(partners.values(), Attendance.ATTENDED),
        )
    meeting.refresh_from_db()
    found = quorum(meeting)
    assert meeting.status == MeetingStatus.HELD
    assert found.quorate
    assert found.from_attendance
    assert found.missing == ()


def test_police_apologies_leave_the_meeting_not_quorate_and_name_the_police(partners):
    with time_machine.travel(TODAY):
        meeting = plan(partners)
        assert quorum(meeting).quorate  # before the meeting: from who is invited
    attendance = dict.fromkeys(partners.values(), Attendance.ATTENDED) | {
        partners["police"]: Attendance.APOLOGIES
    }
    with time_machine.travel(date(2025, 3, 10)):
        services.attendance_record(actor=partners["chair"], meeting=meeting, attendance=attendance)
    found = quorum(meeting)
    assert not found.quorate
    assert found.missing == ("police",)
    assert found.missing_labels == ["Police"]


@time_machine.travel(TODAY)
def test_attendance_waits_for_the_day_of_the_meeting(partners):
    meeting = plan(partners)
    with pytest.raises(ValidationError, match="from the day of the meeting"):
        services.attendance_record(
            actor=partners["chair"], meeting=meeting, attendance={partners["chair"]: Attendance.ATTENDED}
        )


@time_machine.travel(TODAY)
def test_agenda_items_are_numbered_after_the_last_and_close_up_when_one_is_removed(partners):
    meeting = plan(partners)
    first, second, third = (
        services.agenda_item_add(actor=partners["chair"], meeting=meeting, title=title) for title in "ABC"
    )
    assert [first.number, second.number, third.number] == [1, 2, 3]
    services.agenda_item_remove(actor=partners["chair"], meeting=meeting, item=second)
    assert list(AgendaItem.objects.filter(meeting=meeting).values_list("title", "number")) == [
        ("A", 1),
        ("C", 2),
    ]
    assert services.agenda_item_add(actor=partners["chair"], meeting=meeting, title="D").number == 3


@time_machine.travel(TODAY)
def test_an_item_with_minutes_under_it_stays_on_the_agenda(partners):
    meeting = plan(partners)
    item = services.agenda_item_add(actor=partners["chair"], meeting=meeting, title="A")
    AgendaItem.objects.filter(pk=item.pk).update(discussion="Discussed.")
    item.refresh_from_db()
    with pytest.raises(ValidationError, match="minuted"):
        services.agenda_item_remove(actor=partners["chair"], meeting=meeting, item=item)
