"""Rapid Review pages through the test client, signed in with a second factor: the flow from
opening to the review, refusals, and safety actions."""

from datetime import date, timedelta

from django.test import Client
from django.utils import timezone

from crag import roles
from reviews.choices import IncidentKind, RapidReviewOutcome, ReviewKind
from reviews.models import DecisionAmendment, RapidReview, Review
from reviews.tests.incident_pages import child, date_parts, make_incident, member, member_client
from reviews.tests.partner_records import record_partner_agreements
from reviews.tests.test_lost_updates import hidden

__all__ = ["child", "member", "member_client"]  # fixtures


# --- the Rapid Review, start to finish -------------------------------------------------------


def test_rapid_review_flow_from_opening_to_the_review(member_client, member, sign_in, make_user, child):
    today = timezone.localdate()
    aware = today - timedelta(days=20)
    # The Panel was notified: a Rapid Review goes to the Panel only after that (DESIGN.md section 2).
    incident = make_incident(
        f"INC-{aware.year}-001", aware=aware, children=[child], panel_notified_on=aware + timedelta(days=1)
    )
    page = f"/incidents/{incident.pk}/rapid-review/"
    chair_client = sign_in(Client(), make_user(roles.CRAG_CHAIR))

    # A member opens the Rapid Review.
    response = member_client.post(f"{page}open/")
    assert (response.status_code, response["Location"]) == (302, page)
    rapid_review = RapidReview.objects.get(incident=incident)
    assert member_client.get(page).status_code == 200

    # A member records the decision.
    response = member_client.post(
        f"{page}edit/",
        {
            **hidden(member_client.get(f"{page}edit/").content.decode()),
            **date_parts("meeting_on", today - timedelta(days=5)),
            "learning_points": "Agencies did not share the referral.",
            "meets_cspr_criteria": "true",
            "complex_or_national_importance": "false",
            "decision_reasons": "Abuse suspected; learning for the partnership.",
        },
    )
    assert response.status_code == 302
    rapid_review.refresh_from_db()
    assert (rapid_review.meets_cspr_criteria, rapid_review.complex_or_national_importance) == (True, False)
    assert rapid_review.meeting_on == today - timedelta(days=5)

    # A member may not sign it off; the chair does.
    assert member_client.post(f"{page}sign-off/").status_code == 403
    rapid_review.refresh_from_db()
    assert not rapid_review.is_signed_off
    # The three safeguarding partners agree the decision first (Working Together 2023).
    sign_off = hidden(chair_client.get(f"{page}sign-off/").content.decode())
    chair_client.post(f"{page}sign-off/", sign_off)
    rapid_review.refresh_from_db()
    assert not rapid_review.is_signed_off
    record_partner_agreements(rapid_review)
    sign_off = hidden(chair_client.get(f"{page}sign-off/").content.decode())
    response = chair_client.post(f"{page}sign-off/", sign_off)
    assert (response.status_code, response["Location"]) == (302, page)
    rapid_review.refresh_from_db()
    assert rapid_review.is_signed_off

    # After sign-off, the decision fields are read-only but learning points still change.
    response = member_client.post(
        f"{page}edit/",
        {
            **hidden(member_client.get(f"{page}edit/").content.decode()),
            "learning_points": "Agencies did not share the referral for a week.",
            "meets_cspr_criteria": "false",
            "complex_or_national_importance": "true",
            "decision_reasons": "Changed afterwards.",
        },
    )
    assert response.status_code == 302
    rapid_review.refresh_from_db()
    assert rapid_review.learning_points == "Agencies did not share the referral for a week."
    assert (rapid_review.meets_cspr_criteria, rapid_review.complex_or_national_importance) == (True, False)
    assert rapid_review.decision_reasons == "Abuse suspected; learning for the partnership."

    # Corrections go beside the decision.
    response = member_client.post(
        f"{page}amend/",
        {
            **hidden(member_client.get(f"{page}amend/").content.decode()),
            "text": "The meeting was a day earlier.",
            "reason": "Minutes were misdated.",
        },
    )
    assert response.status_code == 302
    assert DecisionAmendment.objects.get(rapid_review=rapid_review).made_by == member
    assert "The meeting was a day earlier." in member_client.get(page).content.decode()

    # The Panel agrees and the outcome is a CSPR.
    response = member_client.post(
        f"{page}panel/",
        {
            **hidden(member_client.get(f"{page}panel/").content.decode()),
            **date_parts("sent_to_panel_on", today - timedelta(days=4)),
            "panel_response": "agree",
            "panel_considers_criteria_met": "true",
            **date_parts("panel_responded_on", today - timedelta(days=1)),
            "outcome": RapidReviewOutcome.CSPR,
        },
    )
    assert response.status_code == 302
    rapid_review.refresh_from_db()
    assert rapid_review.outcome == RapidReviewOutcome.CSPR
    assert rapid_review.sent_to_panel_on == today - timedelta(days=4)

    # The review is created from the outcome.
    response = member_client.post(f"{page}review/", date_parts("decision_on", today))
    assert (response.status_code, response["Location"]) == (302, page)
    review = Review.objects.get(rapid_review=rapid_review)
    assert review.kind == ReviewKind.CSPR
    assert review.decision_on == today
    assert list(review.children.all()) == [child]


def test_opening_a_rapid_review_for_a_care_leavers_death_is_refused_with_a_message(member_client, child):
    incident = make_incident(
        "INC-2024-001", aware=date(2024, 5, 1), kind=IncidentKind.CARE_LEAVER_DEATH, children=[child]
    )

    response = member_client.post(f"/incidents/{incident.pk}/rapid-review/open/", follow=True)

    assert response.status_code == 200
    # Once in the message, once in the page's own explanation.
    assert response.content.decode().count("does not need a Rapid Review") == 2
    assert not RapidReview.objects.exists()


def test_a_safety_action_is_marked_done_and_a_future_date_is_refused(client, make_user, sign_in):
    from datetime import timedelta

    from django.utils import timezone

    from crag.tests.factories import AgencyFactory
    from reviews.incidents import rapid_reviews
    from reviews.incidents import services as domain

    member = make_user(roles.CRAG_MEMBER)
    sign_in(client, member)
    child = domain.child_create(actor=member, pseudonym="Child Q")
    today = timezone.localdate()
    incident = domain.incident_create(
        actor=member,
        kind="serious_harm",
        incident_date=today - timedelta(days=3),
        aware_date=today - timedelta(days=2),
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[child],
    )
    rapid_review = rapid_reviews.rapid_review_open(actor=member, incident=incident)
    action = rapid_reviews.safety_action_add(
        actor=member,
        rapid_review=rapid_review,
        kind="genogram",
        description="Draw the genogram",
        owner_agency=AgencyFactory(),
    )
    url = f"/incidents/{incident.pk}/rapid-review/safety-actions/{action.pk}/done/"
    tomorrow = today + timedelta(days=1)

    form = hidden(client.get(url).content.decode())
    refused = client.post(
        url, {**form, "done_on_0": tomorrow.day, "done_on_1": tomorrow.month, "done_on_2": tomorrow.year}
    )
    assert "must be today or in the past" in refused.content.decode()
    action.refresh_from_db()
    assert action.done_on is None

    done = client.post(
        url, {**form, "done_on_0": today.day, "done_on_1": today.month, "done_on_2": today.year}
    )
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.done_on == today
