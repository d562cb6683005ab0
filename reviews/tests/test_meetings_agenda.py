"""The agenda drafted from what is due: one item for each kind of thing due, nothing twice on a
second draft, and nothing about a child but their pseudonym."""

from datetime import date, timedelta

import pytest
import time_machine

from crag import roles
from crag.tests.factories import AgencyFactory, UserFactory
from reviews.choices import AgendaItemKind, MeetingStatus, ReviewStatus
from reviews.meetings.agenda import agenda_draft
from reviews.meetings.services import agenda_item_add
from reviews.tests.factories import (
    ActionFactory,
    ChildFactory,
    IncidentFactory,
    RapidReviewFactory,
    ReviewFactory,
)
from reviews.tests.factories_meetings import MeetingFactory, ReferralFactory

pytestmark = pytest.mark.django_db
TODAY = date(2025, 3, 3)  # a Monday
HELD_ON = date(2025, 3, 10)
NAMES = ("Jayden Smith", "Amelia Jones", "Harry Brown", "Olivia Green")


@pytest.fixture
def due():
    """One of each thing due at the meeting of 10 March 2025."""
    with time_machine.travel(TODAY):
        children = [
            ChildFactory(pseudonym=f"Child {c}", legal_name=n) for c, n in zip("ABCD", NAMES, strict=True)
        ]
        referral = ReferralFactory(reference="REF-2025-001", referred_on=date(2025, 2, 28))
        referral.children.set([children[0]])
        incident = IncidentFactory(aware_date=date(2025, 2, 24), children=[children[1]])
        rapid_review = RapidReviewFactory(incident=incident)
        RapidReviewFactory(  # signed off: decided, so not due
            incident=IncidentFactory(aware_date=date(2025, 2, 24)),
            signed_off_at="2025-02-28T10:00:00Z",
            signed_off_by=UserFactory(),
        )
        in_progress = ReviewFactory(
            title="Child C",
            status=ReviewStatus.IN_PROGRESS,
            decision_on=date(2025, 1, 20),
            children=[children[2]],
        )
        late = ReviewFactory(title="Child D", status=ReviewStatus.PAUSED, decision_on=date(2024, 8, 1))
        ReviewFactory(
            title="Child E", status=ReviewStatus.IN_PROGRESS, decision_on=date(2025, 3, 1)
        )  # not yet
        signed = ReviewFactory(
            title="Child F", status=ReviewStatus.SIGNED_OFF, decision_on=date(2025, 1, 6), signed_off_on=TODAY
        )
        police = AgencyFactory(name="Police")
        for _ in range(2):
            ActionFactory(owner_agency=police, due_on=date(2025, 3, 5))
        ActionFactory(owner_agency=AgencyFactory(name="Schools"), due_on=date(2025, 4, 1))  # not overdue
        MeetingFactory(held_on=date(2025, 2, 4), status=MeetingStatus.HELD)  # minutes not approved
        meeting = MeetingFactory(held_on=HELD_ON)
        chair = UserFactory(roles=[roles.CRAG_CHAIR])
    return locals()


@time_machine.travel(TODAY)
def test_the_draft_lists_each_thing_due_once(due):
    added = agenda_draft(actor=due["chair"], meeting=due["meeting"])
    found = {
        (item.kind, item.referral_id or item.rapid_review_id or item.review_id or item.agency_id)
        for item in added
    }
    assert found == {
        (AgendaItemKind.MINUTES, None),
        (AgendaItemKind.REFERRAL, due["referral"].pk),
        (AgendaItemKind.RAPID_REVIEW_DECISION, due["rapid_review"].pk),
        (AgendaItemKind.PROGRESS_CHECK, due["in_progress"].pk),
        (AgendaItemKind.PROGRESS_CHECK, due["late"].pk),
        (AgendaItemKind.PAST_TARGET, due["late"].pk),
        (AgendaItemKind.PUBLICATION, due["signed"].pk),
        (AgendaItemKind.OVERDUE_ACTIONS, due["police"].pk),
    }
    assert [item.number for item in added] == list(range(1, len(added) + 1))
    assert added[0].kind == AgendaItemKind.MINUTES
    assert all(item.drafted for item in added)
    police = next(item for item in added if item.kind == AgendaItemKind.OVERDUE_ACTIONS)
    assert police.summary.startswith("2 actions")


@time_machine.travel(TODAY)
def test_a_second_draft_adds_only_what_is_new(due):
    agenda_item_add(actor=due["chair"], meeting=due["meeting"], title="Any other business")
    first = agenda_draft(actor=due["chair"], meeting=due["meeting"])
    assert first[0].number == 2  # after the item already there
    assert agenda_draft(actor=due["chair"], meeting=due["meeting"]) == []
    newer = ReferralFactory(reference="REF-2025-002", referred_on=TODAY)
    [added] = agenda_draft(actor=due["chair"], meeting=due["meeting"])
    assert (added.referral, added.number) == (newer, len(first) + 2)


@time_machine.travel(TODAY)
def test_drafted_items_name_pseudonyms_and_references_never_a_childs_identity(due):
    added = agenda_draft(actor=due["chair"], meeting=due["meeting"])
    text = " ".join(f"{item.title} {item.summary}" for item in added)
    assert "Child A" in text
    assert "REF-2025-001" in text
    assert "Child B" in text
    for name in NAMES:
        assert name not in text
        assert name.split()[0] not in text
    assert due["referral"].what_happened not in text


@time_machine.travel(TODAY)
def test_approved_minutes_and_a_screened_referral_are_not_on_the_agenda(due):
    last = due["meeting"].__class__.objects.get(held_on=date(2025, 2, 4))
    last.minutes_approved_on = TODAY - timedelta(days=1)
    last.save()
    due["referral"].__class__.objects.filter(pk=due["referral"].pk).update(
        decision="no_further_action", screened_on=TODAY
    )
    kinds = {item.kind for item in agenda_draft(actor=due["chair"], meeting=due["meeting"])}
    assert AgendaItemKind.MINUTES not in kinds
    assert AgendaItemKind.REFERRAL not in kinds
