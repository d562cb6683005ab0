"""The Rapid Review's writes: opening, the decision and its sign-off (never changed after), amendments
beside it, agency summaries and safety actions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crag.tests.factories import AgencyFactory
from reviews.choices import IncidentKind
from reviews.incidents import rapid_reviews
from reviews.models import DecisionAmendment, RapidReview, Theme
from reviews.tests.incident_records import (
    chair,
    child,
    decided,
    member,
    new_incident,
    rapid_review,
    signed_off,
)

__all__ = ["chair", "child", "member", "rapid_review", "signed_off"]  # fixtures


def test_rapid_review_open_carries_over_the_incidents_themes(member, child):
    neglect = Theme.objects.get(slug="neglect")
    incident = new_incident(member, [child], themes=[neglect])

    rapid_review = rapid_reviews.rapid_review_open(actor=member, incident=incident)

    assert list(rapid_review.themes.all()) == [neglect]
    assert not rapid_review.is_signed_off


def test_rapid_review_open_refuses_a_care_leavers_death(member, child):
    incident = new_incident(member, [child], kind=IncidentKind.CARE_LEAVER_DEATH)

    with pytest.raises(ValidationError):
        rapid_reviews.rapid_review_open(actor=member, incident=incident)

    assert not RapidReview.objects.exists()


def test_rapid_review_open_refuses_a_second_rapid_review(member, rapid_review):
    with pytest.raises(ValidationError):
        rapid_reviews.rapid_review_open(actor=member, incident=rapid_review.incident)

    assert RapidReview.objects.count() == 1


def test_crag_member_cannot_sign_off_a_decision(member, rapid_review):
    decided(member, rapid_review)

    with pytest.raises(PermissionDenied):
        rapid_reviews.rapid_review_sign_off(actor=member, rapid_review=rapid_review)

    rapid_review.refresh_from_db()
    assert not rapid_review.is_signed_off


@pytest.mark.parametrize(
    ("fields", "missing"),
    [
        ({}, "whether the criteria for a review are met"),
        ({"meets_cspr_criteria": None}, "whether the criteria for a review are met"),
        ({"complex_or_national_importance": None}, "complex or of national importance"),
        ({"decision_reasons": "   "}, "the reasons for the decision"),
    ],
    ids=["nothing-decided", "criteria-undecided", "complexity-undecided", "no-reasons"],
)
def test_chair_cannot_sign_off_until_the_decision_and_its_reasons_are_recorded(
    member, chair, rapid_review, fields, missing
):
    if fields:
        decided(member, rapid_review, **fields)

    with pytest.raises(ValidationError) as refused:
        rapid_reviews.rapid_review_sign_off(actor=chair, rapid_review=rapid_review)

    assert missing in refused.value.messages[0]
    rapid_review.refresh_from_db()
    assert not rapid_review.is_signed_off


def test_chair_signs_off_a_recorded_decision(chair, signed_off):
    signed_off.refresh_from_db()
    assert signed_off.is_signed_off
    assert signed_off.signed_off_by == chair


def test_a_decision_cannot_be_signed_off_twice(chair, signed_off):
    with pytest.raises(ValidationError):
        rapid_reviews.rapid_review_sign_off(actor=chair, rapid_review=signed_off)


@pytest.mark.parametrize(
    "change",
    [
        {"meets_cspr_criteria": False},
        {"complex_or_national_importance": True},
        {"decision_reasons": "Different reasons."},
    ],
    ids=["criteria", "complexity", "reasons"],
)
def test_signed_off_decision_cannot_be_changed(member, signed_off, change):
    with pytest.raises(ValidationError):
        rapid_reviews.rapid_review_update(actor=member, rapid_review=signed_off, fields=change)

    signed_off.refresh_from_db()
    assert signed_off.meets_cspr_criteria is True
    assert signed_off.complex_or_national_importance is False
    assert signed_off.decision_reasons.startswith("Serious harm")


def test_signed_off_rapid_review_still_takes_learning_points(member, signed_off):
    rapid_reviews.rapid_review_update(
        actor=member,
        rapid_review=signed_off,
        fields={"learning_points": "Share the chronology earlier.", "meets_cspr_criteria": True},
    )

    signed_off.refresh_from_db()
    assert signed_off.learning_points == "Share the chronology earlier."


def test_amendment_needs_a_signed_off_decision(member, rapid_review):
    with pytest.raises(ValidationError):
        rapid_reviews.rapid_review_amend(
            actor=member, rapid_review=rapid_review, text="Correction", reason="Typo"
        )

    assert not DecisionAmendment.objects.exists()


def test_amendment_is_recorded_beside_a_signed_off_decision(member, signed_off):
    amendment = rapid_reviews.rapid_review_amend(
        actor=member, rapid_review=signed_off, text=" The meeting was on 12 June. ", reason=" Wrong date. "
    )

    assert (amendment.text, amendment.reason, amendment.made_by) == (
        "The meeting was on 12 June.",
        "Wrong date.",
        member,
    )
    signed_off.refresh_from_db()
    assert signed_off.meets_cspr_criteria is True


def test_agency_summary_save_replaces_the_agencys_earlier_summary(member, rapid_review):
    police = AgencyFactory(name="Wessex Police")

    rapid_reviews.agency_summary_save(actor=member, rapid_review=rapid_review, agency=police, summary="First")
    rapid_reviews.agency_summary_save(
        actor=member, rapid_review=rapid_review, agency=police, summary="Second"
    )

    assert list(rapid_review.agency_summaries.values_list("summary", flat=True)) == ["Second"]


def test_safety_action_add_records_its_owner(member, rapid_review):
    police = AgencyFactory(name="Wessex Police")

    action = rapid_reviews.safety_action_add(
        actor=member,
        rapid_review=rapid_review,
        kind="risk_assessment",
        description="Assess the siblings",
        owner_agency=police,
        owner_name="DS Smith",
    )

    assert list(rapid_review.safety_actions.all()) == [action]
    assert (action.owner_agency, action.owner_name, action.done_on) == (police, "DS Smith", None)
