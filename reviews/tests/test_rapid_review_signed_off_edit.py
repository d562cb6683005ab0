"""A signed-off Rapid Review's edit page shows the decision read-only instead of as live radios."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from crag import roles
from reviews.incidents import rapid_reviews
from reviews.models import Child, Incident, RapidReview
from reviews.tests.partner_records import record_partner_agreements
from reviews.tests.test_lost_updates import hidden


@pytest.fixture
def signed_off(make_user):
    chair = make_user(roles.CRAG_CHAIR)
    aware = timezone.localdate() - timedelta(days=10)
    incident = Incident.objects.create(
        reference=f"INC-{aware.year}-001", kind="death", incident_date=aware, aware_date=aware
    )
    incident.children.set([Child.objects.create(pseudonym="Child M")])
    rapid_review = rapid_reviews.rapid_review_open(actor=chair, incident=incident)
    rapid_reviews.rapid_review_update(
        actor=chair,
        rapid_review=rapid_review,
        fields={
            "meets_cspr_criteria": True,
            "complex_or_national_importance": False,
            "decision_reasons": "Abuse suspected; learning for the partnership.",
        },
    )
    record_partner_agreements(rapid_review)
    return rapid_reviews.rapid_review_sign_off(actor=chair, rapid_review=rapid_review)


@pytest.fixture
def member_client(client, sign_in, make_user):
    return sign_in(client, make_user(roles.CRAG_MEMBER))


def edit_url(rapid_review: RapidReview) -> str:
    return f"/incidents/{rapid_review.incident_id}/rapid-review/edit/"


def test_signed_off_decision_is_shown_read_only_on_the_edit_page(member_client, signed_off):
    html = member_client.get(edit_url(signed_off)).content.decode()

    for name in ("meets_cspr_criteria", "complex_or_national_importance", "decision_reasons"):
        assert not re.search(rf'name="{name}"', html), f"{name} is still an input"
    assert "govuk-summary-list" in html
    assert "Abuse suspected; learning for the partnership." in html
    assert "Record an amendment" in html or "Amend the decision" in html
    # The parts that may still change are still there.
    assert 'name="learning_points"' in html


def test_unsigned_decision_is_still_editable(member_client, signed_off):
    RapidReview.objects.filter(pk=signed_off.pk).update(signed_off_at=None, signed_off_by=None)

    html = member_client.get(edit_url(signed_off)).content.decode()

    assert 'name="meets_cspr_criteria"' in html
    assert 'name="decision_reasons"' in html


def test_saving_a_signed_off_review_says_only_what_was_saved_and_keeps_the_decision(
    member_client, signed_off
):
    response = member_client.post(
        edit_url(signed_off),
        {
            **hidden(member_client.get(edit_url(signed_off)).content.decode()),
            "learning_points": "Agencies did not share the referral.",
            "meets_cspr_criteria": "false",
        },
        follow=True,
    )

    signed_off.refresh_from_db()
    assert signed_off.meets_cspr_criteria is True
    assert signed_off.learning_points == "Agencies did not share the referral."
    assert "The decision is unchanged" in response.content.decode()
