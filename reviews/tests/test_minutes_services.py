"""The minutes: discussion until approval, actions agreed with owners and due dates (reminded by the
sweep), the chair's approval at a later held meeting, amendments beside approved minutes, and a
referral screened at a meeting."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from crag import roles
from crag.tests.factories import AgencyFactory
from notifications import services as sweeper
from notifications.models import Reminder
from reviews.meetings import decisions, minutes
from reviews.models import AgendaItem, Meeting, MeetingDecision, MinutesAmendment, Referral
from reviews.tests.factories_meetings import AgendaItemFactory, MeetingFactory, ReferralFactory

pytestmark = pytest.mark.django_db
HELD = date(2025, 2, 4)
NEXT = date(2025, 3, 4)


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


def approved(chair) -> Meeting:
    item = AgendaItemFactory(meeting=MeetingFactory(held_on=HELD), discussion="As minuted.")
    return minutes.minutes_approve(actor=chair, meeting=item.meeting, at_meeting=MeetingFactory(held_on=NEXT))


def test_the_chair_approves_minutes_at_a_later_held_meeting(chair):
    meeting = approved(chair)
    assert meeting.minutes_approved_on == NEXT
    assert meeting.minutes_approved_at is not None
    assert meeting.minutes_approved_at.held_on == NEXT


def test_approval_at_the_same_or_an_earlier_or_a_future_meeting_is_refused(chair):
    meeting = MeetingFactory(held_on=HELD)
    for at in (meeting, MeetingFactory(held_on=HELD - timedelta(days=7))):
        with pytest.raises(ValidationError, match="later meeting"):
            minutes.minutes_approve(actor=chair, meeting=meeting, at_meeting=at)
    future = MeetingFactory(held_on=timezone.localdate() + timedelta(days=5))
    with pytest.raises(ValidationError, match="has been held"):
        minutes.minutes_approve(actor=chair, meeting=meeting, at_meeting=future)
    assert not Meeting.objects.get(pk=meeting.pk).minutes_approved


def test_only_the_chair_approves(make_user):
    meeting, later = MeetingFactory(held_on=HELD), MeetingFactory(held_on=NEXT)
    with pytest.raises(PermissionDenied):
        minutes.minutes_approve(actor=make_user(roles.CRAG_MEMBER), meeting=meeting, at_meeting=later)


def test_approved_minutes_are_read_only_discussion_decisions_and_actions(chair):
    meeting = approved(chair)
    item = AgendaItem.objects.get(meeting=meeting)
    with pytest.raises(ValidationError, match="approved"):
        minutes.item_minute(actor=chair, item=item, discussion="Rewritten")
    with pytest.raises(ValidationError, match="approved"):
        decisions.decision_record(actor=chair, item=item, kind="other", text="Late decision")
    with pytest.raises(ValidationError, match="approved"):
        minutes.meeting_action_add(
            actor=chair, meeting=meeting, description="Late", owner_agency=AgencyFactory(), due_on=NEXT
        )
    assert AgendaItem.objects.get(pk=item.pk).discussion == "As minuted."
    assert not MeetingDecision.objects.exists()


def test_amendments_are_recorded_beside_approved_minutes_only(chair):
    draft = MeetingFactory(held_on=HELD)
    with pytest.raises(ValidationError, match="not approved"):
        minutes.minutes_amend(actor=chair, meeting=draft, text="Fix", reason="Slip")
    meeting = approved(chair)
    with pytest.raises(ValidationError) as refused:
        minutes.minutes_amend(actor=chair, meeting=meeting, text=" ", reason="")
    assert set(refused.value.message_dict) == {"text", "reason"}
    amendment = minutes.minutes_amend(
        actor=chair,
        meeting=meeting,
        text="Item 1: the police were present.",
        reason="Recorded absent in error.",
    )
    assert list(MinutesAmendment.objects.filter(meeting=meeting)) == [amendment]
    assert AgendaItem.objects.get(meeting=meeting).discussion == "As minuted."


def test_the_discussion_is_saved_with_the_items_version_checked(chair):
    item = AgendaItemFactory(meeting=MeetingFactory(held_on=HELD))
    minutes.item_minute(actor=chair, item=item, discussion=" Discussed the plan. ", version=item.version)
    assert AgendaItem.objects.get(pk=item.pk).discussion == "Discussed the plan."


def test_an_action_belongs_to_the_owner_agency_and_falls_due_after_the_meeting(chair, make_user):
    meeting, police, health = MeetingFactory(held_on=HELD), AgencyFactory(), AgencyFactory()
    nurse = make_user(roles.AGENCY_ACTION_LEAD, agency=health)
    with pytest.raises(ValidationError) as refused:
        minutes.meeting_action_add(
            actor=chair,
            meeting=meeting,
            description="X",
            owner_agency=police,
            owner=nurse,
            due_on=HELD - timedelta(1),
        )
    assert set(refused.value.message_dict) == {"owner", "due_on"}


def test_an_agreed_action_reminds_its_owner_through_the_sweep_until_it_is_done(chair, make_user):
    health = AgencyFactory(name="Health visiting")
    owner = make_user(roles.AGENCY_ACTION_LEAD, agency=health)
    due = date(2025, 2, 18)
    action = minutes.meeting_action_add(
        actor=chair,
        meeting=MeetingFactory(held_on=HELD),
        description="Share the safety plan",
        owner_agency=health,
        owner=owner,
        due_on=due,
    )
    sweeper.sweep(today=due)
    reminders = Reminder.objects.filter(clock="meeting_action_due", recipient=owner, withdrawn_at=None)
    assert {r.due_on for r in reminders} == {due}
    done = minutes.meeting_action_done(actor=owner, action=action, done_on=due)
    assert done.done_on == due
    before = Reminder.objects.filter(clock="meeting_action_due").count()
    sweeper.sweep(today=due + timedelta(days=3))
    overdue = Reminder.objects.filter(clock="meeting_action_due", stage__startswith="overdue")
    assert not overdue.exists()
    assert Reminder.objects.filter(clock="meeting_action_due").count() == before


def test_someone_else_cannot_mark_an_action_done(chair, make_user):
    action = minutes.meeting_action_add(
        actor=chair,
        meeting=MeetingFactory(held_on=HELD),
        description="X",
        owner_agency=AgencyFactory(),
        due_on=NEXT,
    )
    with pytest.raises(PermissionDenied):
        minutes.meeting_action_done(actor=make_user(roles.AGENCY_ACTION_LEAD), action=action, done_on=NEXT)


def test_a_referral_screened_at_a_meeting_links_the_meeting(chair):
    referral = ReferralFactory.create()
    item = AgendaItemFactory(meeting=MeetingFactory(held_on=HELD), kind="referral", referral=referral)
    decision = decisions.decision_record(
        actor=chair,
        item=item,
        kind="screening",
        text="Not notifiable; a local learning review.",
        decision="local_learning",
        reason="No abuse or neglect suspected; learning for the schools.",
    )
    referral = Referral.objects.get(pk=referral.pk)
    assert referral.meeting == item.meeting
    assert referral.decision == "local_learning"
    assert decision.referral == referral
