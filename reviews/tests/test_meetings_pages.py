"""The meetings pages: CRAG plans, edits (version-checked), cancels behind a confirmation, drafts
the agenda and records attendance; an invited member reads the meeting; anyone else gets 404."""

from datetime import date, time

import pytest
import time_machine
from django.test import Client

from crag import roles
from crag.tests.factories import AgencyFactory, UserFactory
from reviews.choices import MeetingStatus
from reviews.meetings import services
from reviews.models import AgendaItem, Meeting
from reviews.tests.factories_meetings import ReferralFactory
from reviews.tests.test_lost_updates import hidden

pytestmark = pytest.mark.django_db
TODAY = date(2025, 3, 3)


@pytest.fixture
def people():
    council = AgencyFactory(name="Council", partner_role="local_authority")
    police = AgencyFactory(name="Police", partner_role="police")
    return {
        "chair": UserFactory(full_name="Chair", agency=council, roles=[roles.CRAG_CHAIR]),
        "invited": UserFactory(full_name="Inspector Lee", agency=police, roles=[roles.AGENCY_ACTION_LEAD]),
        "outsider": UserFactory(full_name="Other Lead", agency=police, roles=[roles.AGENCY_ACTION_LEAD]),
    }


@pytest.fixture
def meeting(people):
    with time_machine.travel(TODAY):
        return services.meeting_create(
            actor=people["chair"],
            held_on=date(2025, 3, 10),
            starts_at=time(10, 0),
            place="Room 2",
            invitees=[people["chair"], people["invited"]],
        )


def test_an_invited_member_reads_the_meeting_and_is_told_the_quorum_is_short(people, meeting, sign_in):
    client = sign_in(Client(), people["invited"])
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Room 2" in page
    assert "will not be quorate" in page
    assert "Integrated care board" in page
    assert "Draft the agenda" not in page  # read-only
    assert client.get(f"/meetings/{meeting.pk}/edit/").status_code == 403


def test_someone_not_invited_does_not_learn_the_meeting_exists(people, meeting, sign_in):
    client = sign_in(Client(), people["outsider"])
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 404
    assert client.get(f"/meetings/{meeting.pk}/edit/").status_code == 404
    assert "Room 2" not in client.get("/meetings/").content.decode()


@time_machine.travel(TODAY)
def test_the_chair_moves_the_meeting_through_the_edit_form(people, meeting, sign_in):
    client = sign_in(Client(), people["chair"])
    form = hidden(client.get(f"/meetings/{meeting.pk}/edit/").content.decode())
    data = form | {
        "title": "CRAG meeting",
        "held_on_0": "11",
        "held_on_1": "3",
        "held_on_2": "2025",
        "starts_at": "14:00",
        "ends_at": "",
        "place": "Room 2",
        "link": "",
    }
    response = client.post(f"/meetings/{meeting.pk}/edit/", data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.starts_at, meeting.sequence) == (date(2025, 3, 11), time(14, 0), 1)
    stale = client.post(f"/meetings/{meeting.pk}/edit/", data | {"place": "Room 9"})  # the old version
    assert stale.status_code == 409
    assert Meeting.objects.get(pk=meeting.pk).place == "Room 2"


@time_machine.travel(TODAY)
def test_cancelling_asks_first_then_cancels(people, meeting, sign_in):
    client = sign_in(Client(), people["chair"])
    assert "Cancel the meeting" in client.get(f"/meetings/{meeting.pk}/cancel/").content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    assert client.post(f"/meetings/{meeting.pk}/cancel/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED


@time_machine.travel(TODAY)
def test_drafting_says_how_many_items_were_added(people, meeting, sign_in):
    ReferralFactory()
    client = sign_in(Client(), people["chair"])
    page = client.post(f"/meetings/{meeting.pk}/agenda/draft/", follow=True).content.decode()
    assert "1 item added to the agenda" in page
    again = client.post(f"/meetings/{meeting.pk}/agenda/draft/", follow=True).content.decode()
    assert "Nothing was added" in again
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1


@time_machine.travel(TODAY)
def test_removing_an_item_asks_first(people, meeting, sign_in):
    item = services.agenda_item_add(actor=people["chair"], meeting=meeting, title="Any other business")
    client = sign_in(Client(), people["chair"])
    url = f"/meetings/{meeting.pk}/agenda/{item.pk}/remove/"
    assert "Remove the item" in client.get(url).content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert client.post(url).status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


@time_machine.travel(TODAY)
def test_the_members_page_invites_and_removes(people, meeting, sign_in):
    client = sign_in(Client(), people["chair"])
    assert client.post(f"/meetings/{meeting.pk}/members/", {"user": people["outsider"].pk}).status_code == 302
    member = meeting.members.get(user=people["outsider"])
    assert client.post(f"/meetings/{meeting.pk}/members/", {"remove": member.pk}).status_code == 302
    assert not meeting.members.filter(user=people["outsider"]).exists()


def test_attendance_through_the_page_makes_the_meeting_held(people, meeting, sign_in):
    client = sign_in(Client(), people["chair"])
    members = {m.user_id: m.pk for m in meeting.members.all()}
    data = {f"member_{pk}": "attended" for pk in members.values()}
    with time_machine.travel(date(2025, 3, 10)):
        assert client.post(f"/meetings/{meeting.pk}/attendance/", data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_the_list_makes_as_many_queries_for_many_meetings_as_for_few(
    people, meeting, sign_in, django_assert_max_num_queries
):
    client = sign_in(Client(), people["chair"])
    client.get("/meetings/")
    with django_assert_max_num_queries(30) as few:
        assert client.get("/meetings/").status_code == 200
    for day in range(1, 15):
        services.meeting_create(
            actor=people["chair"],
            held_on=date(2025, 4, day),
            starts_at=time(9, 0),
            place="Room",
            invitees=list(people.values()),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/meetings/").status_code == 200
    csv = client.get("/meetings/?format=csv")
    assert csv.status_code == 200
    assert b"".join(csv.streaming_content).decode().count("\n") == 16


@time_machine.travel(TODAY)
def test_the_dashboard_shows_the_next_meeting_and_its_quorum_so_far_to_those_invited(
    people, meeting, sign_in
):
    page = sign_in(Client(), people["invited"]).get("/").content.decode()
    assert "Next CRAG meeting" in page
    assert "not quorate so far: no Integrated care board" in page
    assert "Next CRAG meeting" not in sign_in(Client(), people["outsider"]).get("/").content.decode()
    chair_page = sign_in(Client(), people["chair"]).get("/").content.decode()
    assert 'href="/meetings/"' in chair_page  # the menu's link
