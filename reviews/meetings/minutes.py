"""Writes to a meeting's minutes: each item's discussion, the actions agreed, the chair's approval
at a later meeting, and amendments recorded beside approved minutes (never in place of them).

Decisions, which are also written on the records they decide, are in reviews.meetings.decisions.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crag import permissions
from crag.models import Agency, User
from reviews import validation
from reviews.choices import MeetingStatus
from reviews.editing import versions
from reviews.models import AgendaItem, Meeting, MeetingAction, MinutesAmendment

APPROVED = "The minutes have been approved. Record an amendment beside them instead."
NOT_YET_HELD = "The meeting has not been held yet: its minutes are written from the day it is held."


def refusal(meeting: Meeting, *, today: date | None = None) -> str:
    """Why the meeting's minutes cannot be written now ("" when they can): the one rule the
    services enforce and the pages use to offer (or not) the minuting links."""
    if meeting.minutes_approved:
        return APPROVED
    if meeting.status == MeetingStatus.CANCELLED:
        return "The meeting was cancelled: it has no minutes."
    if meeting.held_on > (today or timezone.localdate()):
        return NOT_YET_HELD
    return ""


def require_editable(meeting: Meeting, *, today: date | None = None) -> None:
    """Minutes are written once the meeting is held, and only until they are approved."""
    if reason := refusal(meeting, today=today):
        raise ValidationError(reason)


@transaction.atomic
def item_minute(*, actor: User, item: AgendaItem, discussion: str, version: int | None = None) -> AgendaItem:
    """Record (or correct, until approval) the discussion of one agenda item."""
    permissions.require(permissions.can_minute_meetings(actor))
    versions.claim(item, version)
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    require_editable(item.meeting)
    item.discussion = discussion.strip()
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def meeting_action_add(
    *,
    actor: User,
    meeting: Meeting,
    description: str,
    owner_agency: Agency,
    owner: User | None = None,
    due_on: date,
    item: AgendaItem | None = None,
) -> MeetingAction:
    """An action agreed at the meeting, with its owning agency (and person) and due date: the
    meeting_action_due clock reminds its owner through the sweep."""
    permissions.require(permissions.can_minute_meetings(actor))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require_editable(meeting)
    errors: dict[str, str] = {}
    if item is not None and item.meeting_id != meeting.pk:
        errors["item"] = "Choose an item of this meeting's agenda."
    if owner is not None and owner.agency_id != owner_agency.pk:
        errors["owner"] = f"The owner must work for {owner_agency.name}."
    if due_on < meeting.held_on:
        errors["due_on"] = "The due date cannot be before the meeting."
    if errors:
        raise ValidationError(errors)
    action = MeetingAction(
        meeting=meeting,
        item=item,
        description=description.strip(),
        owner_agency=owner_agency,
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    action.full_clean()
    action.save()
    return action


def may_complete(actor: User, action: MeetingAction) -> bool:
    """CRAG, or the action's own owner."""
    return bool(permissions.can_minute_meetings(actor)) or (
        action.owner_id is not None and action.owner_id == actor.pk
    )


@transaction.atomic
def meeting_action_done(
    *, actor: User, action: MeetingAction, done_on: date, version: int | None = None
) -> MeetingAction:
    """Mark the action done on `done_on` (its clock stops). Its wording stays as minuted."""
    permissions.require(may_complete(actor, action))
    versions.claim(action, version)
    action = MeetingAction.objects.select_for_update().select_related("meeting").get(pk=action.pk)
    if action.done_on is not None:
        raise ValidationError("This action is already done.")
    validation.require_not_in_future(done_on, field="done_on")
    if done_on < action.meeting.held_on:
        raise ValidationError({"done_on": "An action cannot be done before the meeting that agreed it."})
    action.done_on = done_on
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def minutes_approve(*, actor: User, meeting: Meeting, at_meeting: Meeting) -> Meeting:
    """The chair records that the minutes were approved at a later meeting, once held: from then
    the discussion, decisions and actions' wording are read-only (amendments beside them)."""
    permissions.require(permissions.can_approve_minutes(actor))
    versions.claim(meeting, None)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_approved:
        raise ValidationError("These minutes have already been approved.")
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if meeting.held_on > today or meeting.status == MeetingStatus.CANCELLED:
        errors["at_meeting"] = "Only the minutes of a meeting that was held can be approved."
    elif at_meeting.pk == meeting.pk or at_meeting.held_on <= meeting.held_on:
        errors["at_meeting"] = "Minutes are approved at a later meeting."
    elif at_meeting.held_on > today or at_meeting.status == MeetingStatus.CANCELLED:
        errors["at_meeting"] = "Choose a meeting that has been held."
    if errors:
        raise ValidationError(errors)
    meeting.minutes_approved_on = at_meeting.held_on
    meeting.minutes_approved_at = at_meeting
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def minutes_amend(*, actor: User, meeting: Meeting, text: str, reason: str) -> MinutesAmendment:
    """A correction recorded beside approved minutes, with its reason."""
    permissions.require(permissions.can_minute_meetings(actor))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.minutes_approved:
        raise ValidationError("The minutes are not approved yet: correct them in place.")
    errors = {}
    if not text.strip():
        errors["text"] = "Enter the correction."
    if not reason.strip():
        errors["reason"] = "Enter the reason for the correction."
    if errors:
        raise ValidationError(errors)
    amendment = MinutesAmendment(meeting=meeting, text=text.strip(), reason=reason.strip(), made_by=actor)
    amendment.full_clean()
    amendment.save()
    return amendment
