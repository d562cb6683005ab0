"""The minutes pages: a decision is checked on a confirmation page, then written on its record,
whose page says where it was decided; approval makes the pages read-only; the minutes page reads
in a fixed number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.choices import ReviewStatus
from reviews.models import MeetingAction, MeetingDecision, RapidReview
from reviews.tests.factories import RapidReviewFactory, ReviewFactory
from reviews.tests.factories_meetings import (
    AgendaItemFactory,
    MeetingActionFactory,
    MeetingDecisionFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db
HELD = date(2025, 2, 4)


@pytest.fixture
def chair(make_user, sign_in):
    user = make_user(roles.CRAG_CHAIR)
    return sign_in(Client(), user)


def test_a_rapid_review_decision_is_confirmed_then_shown_on_the_rapid_review(chair):
    rapid_review = RapidReviewFactory.create()
    item = AgendaItemFactory(meeting=MeetingFactory(held_on=HELD), rapid_review=rapid_review)
    url = f"/meetings/{item.meeting_id}/agenda/{item.pk}/decide/"
    data = {
        "kind": "rapid_review_decision",
        "text": "Meets the criteria.",
        "meets_cspr_criteria": "yes",
        "decision_reasons": "Serious harm and learning for health.",
    }
    confirm = chair.post(url, data)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Check the decision before it is recorded" in page
    assert str(rapid_review) in page
    assert not MeetingDecision.objects.exists()  # nothing written before confirming
    done = chair.post(url, data | {"confirmed": "yes"})
    assert done.status_code == 302
    assert RapidReview.objects.get(pk=rapid_review.pk).meets_cspr_criteria is True
    record_page = chair.get(f"/incidents/{rapid_review.incident_id}/rapid-review/").content.decode()
    assert "CRAG meeting of 4 February 2025" in record_page
    assert f"/meetings/{item.meeting_id}/minutes/" in record_page


def test_a_decision_form_missing_its_kinds_fields_says_what_is_missing(chair):
    item = AgendaItemFactory(meeting=MeetingFactory(held_on=HELD), rapid_review=RapidReviewFactory.create())
    response = chair.post(
        f"/meetings/{item.meeting_id}/agenda/{item.pk}/decide/",
        {"kind": "rapid_review_decision", "text": "x"},
    )
    page = response.content.decode()
    assert "Say whether the case meets the criteria" in page
    assert "Enter the reasons" in page


def test_a_decision_needing_a_record_the_item_lacks_is_refused_before_confirmation(chair):
    item = AgendaItemFactory(meeting=MeetingFactory(held_on=HELD))
    response = chair.post(
        f"/meetings/{item.meeting_id}/agenda/{item.pk}/decide/",
        {"kind": "review_transition", "text": "Start", "to": "in_progress"},
    )
    assert "This item is not about a review." in response.content.decode()
    assert "Check the decision" not in response.content.decode()


def test_the_review_page_shows_the_meeting_where_it_moved(chair):
    review = ReviewFactory.create(status=ReviewStatus.COMMISSIONED, decision_on=date(2025, 1, 6))
    item = AgendaItemFactory(meeting=MeetingFactory(held_on=HELD), review=review)
    data = {"kind": "review_transition", "text": "Start it.", "to": "in_progress", "confirmed": "yes"}
    assert chair.post(f"/meetings/{item.meeting_id}/agenda/{item.pk}/decide/", data).status_code == 302
    page = chair.get(f"/reviews/{review.pk}/").content.decode()
    assert "decided at the CRAG meeting of 4 February 2025" in page
    assert "Decided at the" in page


def test_approval_through_the_page_makes_the_minutes_read_only(chair):
    item = AgendaItemFactory(meeting=MeetingFactory(held_on=HELD), discussion="Discussed.")
    later = MeetingFactory(held_on=date(2025, 3, 4))
    meeting = item.meeting
    before = chair.get(f"/meetings/{meeting.pk}/minutes/").content.decode()
    assert "Minute the discussion" in before
    response = chair.post(f"/meetings/{meeting.pk}/minutes/approve/", {"at_meeting": later.pk})
    assert response.status_code == 302
    after = chair.get(f"/meetings/{meeting.pk}/minutes/").content.decode()
    assert "Minute the discussion" not in after
    assert "Record an amendment" in after
    refused = chair.post(
        f"/meetings/{meeting.pk}/agenda/{item.pk}/minute/",
        {"discussion": "Rewritten", "version": item.version},
    )
    assert "The minutes have been approved" in refused.content.decode()
    chair.post(f"/meetings/{meeting.pk}/minutes/amend/", {"text": "Item 1 corrected.", "reason": "A slip."})
    assert "Item 1 corrected." in chair.get(f"/meetings/{meeting.pk}/minutes/").content.decode()


def test_an_action_is_added_and_marked_done_through_the_pages(chair):
    meeting = MeetingFactory.create(held_on=HELD)
    agency = AgencyFactory(name="Schools")
    data = {
        "description": "Write to the schools.",
        "owner_agency": agency.pk,
        "due_on_0": "18",
        "due_on_1": "2",
        "due_on_2": "2025",
    }
    assert chair.post(f"/meetings/{meeting.pk}/actions/add/", data).status_code == 302
    action = MeetingAction.objects.get(meeting=meeting)
    assert (action.owner_agency, action.due_on) == (agency, date(2025, 2, 18))
    done = {"done_on_0": "17", "done_on_1": "2", "done_on_2": "2025", "version": action.version}
    assert chair.post(f"/meetings/{meeting.pk}/actions/{action.pk}/done/", done).status_code == 302
    assert MeetingAction.objects.get(pk=action.pk).done_on == date(2025, 2, 17)


def _minutes_queries(client, items: int) -> int:
    meeting = MeetingFactory.create(held_on=HELD)
    for number in range(1, items + 1):
        item = AgendaItemFactory(meeting=meeting, number=number, review=ReviewFactory.create())
        MeetingDecisionFactory(item=item, review=item.review)
        MeetingActionFactory(meeting=meeting, item=item)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/meetings/{meeting.pk}/minutes/").status_code == 200
    return len(queries)


def test_the_minutes_page_reads_in_a_fixed_number_of_queries(chair):
    _minutes_queries(chair, 0)  # the first page of a session reads the session and the user's groups
    few = _minutes_queries(chair, 1)
    assert _minutes_queries(chair, 8) == few
    assert few <= 12


def test_a_meeting_not_yet_held_offers_no_minuting_or_approval(chair):
    from datetime import timedelta

    from django.utils import timezone

    item = AgendaItemFactory(meeting=MeetingFactory(held_on=timezone.localdate() + timedelta(days=7)))

    html = chair.get(f"/meetings/{item.meeting_id}/minutes/").content.decode()

    assert "The minutes are written from the day of the meeting." in html
    assert f"/agenda/{item.pk}/minute/" not in html
    assert f"/agenda/{item.pk}/decide/" not in html
    assert "Approve the minutes" not in html
