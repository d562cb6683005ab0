"""The domain's writes: what they refuse, what they save, and that a refusal saves nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.choices import IncidentKind, IncidentLocation, RapidReviewOutcome, ReviewKind, ReviewStatus
from reviews.incidents import services
from reviews.models import Child, DecisionAmendment, Incident, RapidReview, Review, Theme

# Aware on Mon 9 June 2025: the Panel notification was due on Mon 16 June 2025.
AWARE = date(2025, 6, 9)
DUE = date(2025, 6, 16)


@pytest.fixture
def member(make_user):
    return make_user(roles.CRAG_MEMBER)


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


@pytest.fixture
def child(db):
    return Child.objects.create(pseudonym="Child M")


def new_incident(actor, children, *, kind=IncidentKind.DEATH, aware=AWARE, themes=()):
    return services.incident_create(
        actor=actor,
        kind=kind,
        incident_date=aware,
        aware_date=aware,
        location=IncidentLocation.IN_AREA,
        abuse_or_neglect_suspected=True,
        children=children,
        themes=themes,
    )


def decided(actor, rapid_review, **extra):
    fields = {
        "meets_cspr_criteria": True,
        "complex_or_national_importance": False,
        "decision_reasons": "Serious harm; abuse suspected; learning about agency working.",
    }
    return services.rapid_review_update(actor=actor, rapid_review=rapid_review, fields=fields | extra)


@pytest.fixture
def rapid_review(member, child):
    return services.rapid_review_open(actor=member, incident=new_incident(member, [child]))


@pytest.fixture
def signed_off(member, chair, rapid_review):
    decided(member, rapid_review)
    return services.rapid_review_sign_off(actor=chair, rapid_review=rapid_review)


# --- incidents -------------------------------------------------------------------------------


def test_incident_create_refuses_an_incident_without_children(member):
    with pytest.raises(ValidationError) as refused:
        new_incident(member, [])

    assert "children" in refused.value.message_dict
    assert not Incident.objects.exists()


def test_incident_reference_counts_up_within_each_year(member, child):
    first = new_incident(member, [child], aware=date(2026, 1, 5))
    second = new_incident(member, [child], aware=date(2026, 3, 2))
    other_year = new_incident(member, [child], aware=date(2025, 12, 30))

    assert (first.reference, second.reference) == ("INC-2026-001", "INC-2026-002")
    assert other_year.reference == "INC-2025-001"


def test_incident_create_saves_children_and_themes(member, child):
    neglect = Theme.objects.get(slug="neglect")
    other = Child.objects.create(pseudonym="Child N")

    incident = new_incident(member, [child, other], themes=[neglect])

    incident.refresh_from_db()
    assert set(incident.children.all()) == {child, other}
    assert list(incident.themes.all()) == [neglect]
    assert incident.created_by == member


def test_business_group_user_cannot_create_an_incident(make_user, child):
    with pytest.raises(PermissionDenied):
        new_incident(make_user(roles.BUSINESS_GROUP), [child])

    assert not Incident.objects.exists()


# --- notifications ---------------------------------------------------------------------------


def test_late_panel_notification_without_a_reason_is_refused_and_nothing_is_saved(member, child):
    incident = new_incident(member, [child])

    with pytest.raises(ValidationError) as refused:
        services.incident_record_notifications(
            actor=member, incident=incident, dates={"panel_notified_on": DUE + timedelta(days=1)}
        )

    assert "late_reason" in refused.value.message_dict
    assert refused.value.message_dict["late_reason"][0].startswith("Why was the Panel notified late?")
    incident.refresh_from_db()
    assert incident.panel_notified_on is None


def test_late_panel_notification_with_a_reason_is_recorded(member, child):
    incident = new_incident(member, [child])

    services.incident_record_notifications(
        actor=member,
        incident=incident,
        dates={"panel_notified_on": DUE + timedelta(days=1)},
        national_reference="NAT-123",
        late_reason="  The duty manager was away.  ",
    )

    incident.refresh_from_db()
    assert incident.panel_notified_on == date(2025, 6, 17)
    assert incident.late_reason == "The duty manager was away."
    assert incident.national_reference == "NAT-123"


def test_panel_notification_on_its_due_date_needs_no_reason(member, child):
    incident = new_incident(member, [child])

    services.incident_record_notifications(
        actor=member, incident=incident, dates={"panel_notified_on": DUE, "partnership_informed_on": AWARE}
    )

    incident.refresh_from_db()
    assert (incident.panel_notified_on, incident.partnership_informed_on) == (DUE, AWARE)


def test_notification_before_the_aware_date_is_refused(member, child):
    incident = new_incident(member, [child])

    with pytest.raises(ValidationError) as refused:
        services.incident_record_notifications(
            actor=member, incident=incident, dates={"panel_notified_on": AWARE - timedelta(days=1)}
        )

    assert "before the council became aware" in refused.value.message_dict["panel_notified_on"][0]
    incident.refresh_from_db()
    assert incident.panel_notified_on is None


def test_notification_in_the_future_is_refused(member, child):
    today = timezone.localdate()
    incident = new_incident(member, [child], aware=today - timedelta(days=1))

    with pytest.raises(ValidationError) as refused:
        services.incident_record_notifications(
            actor=member, incident=incident, dates={"panel_notified_on": today + timedelta(days=1)}
        )

    assert "in the future" in refused.value.message_dict["panel_notified_on"][0]
    incident.refresh_from_db()
    assert incident.panel_notified_on is None


def test_ofsted_dates_are_ignored_for_a_plain_death(member, child):
    incident = new_incident(member, [child], kind=IncidentKind.DEATH)

    services.incident_record_notifications(
        actor=member,
        incident=incident,
        dates={"panel_notified_on": DUE, "ofsted_notified_on": DUE, "secretary_of_state_notified_on": DUE},
    )

    incident.refresh_from_db()
    assert incident.panel_notified_on == DUE
    assert incident.ofsted_notified_on is None
    assert incident.secretary_of_state_notified_on is None


def test_ofsted_dates_are_kept_for_a_looked_after_childs_death(member, child):
    incident = new_incident(member, [child], kind=IncidentKind.LOOKED_AFTER_DEATH)

    services.incident_record_notifications(
        actor=member,
        incident=incident,
        dates={"ofsted_notified_on": DUE, "secretary_of_state_notified_on": AWARE},
    )

    incident.refresh_from_db()
    assert (incident.ofsted_notified_on, incident.secretary_of_state_notified_on) == (DUE, AWARE)


def test_late_ofsted_notification_of_a_looked_after_death_needs_a_reason(member, child):
    incident = new_incident(member, [child], kind=IncidentKind.LOOKED_AFTER_DEATH)

    with pytest.raises(ValidationError) as refused:
        services.incident_record_notifications(
            actor=member, incident=incident, dates={"ofsted_notified_on": DUE + timedelta(days=1)}
        )

    assert refused.value.message_dict["late_reason"][0].startswith("Why was Ofsted notified late?")
    incident.refresh_from_db()
    assert incident.ofsted_notified_on is None


# --- Rapid Review ----------------------------------------------------------------------------


def test_rapid_review_open_carries_over_the_incidents_themes(member, child):
    neglect = Theme.objects.get(slug="neglect")
    incident = new_incident(member, [child], themes=[neglect])

    rapid_review = services.rapid_review_open(actor=member, incident=incident)

    assert list(rapid_review.themes.all()) == [neglect]
    assert not rapid_review.is_signed_off


def test_rapid_review_open_refuses_a_care_leavers_death(member, child):
    incident = new_incident(member, [child], kind=IncidentKind.CARE_LEAVER_DEATH)

    with pytest.raises(ValidationError):
        services.rapid_review_open(actor=member, incident=incident)

    assert not RapidReview.objects.exists()


def test_rapid_review_open_refuses_a_second_rapid_review(member, rapid_review):
    with pytest.raises(ValidationError):
        services.rapid_review_open(actor=member, incident=rapid_review.incident)

    assert RapidReview.objects.count() == 1


def test_crag_member_cannot_sign_off_a_decision(member, rapid_review):
    decided(member, rapid_review)

    with pytest.raises(PermissionDenied):
        services.rapid_review_sign_off(actor=member, rapid_review=rapid_review)

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
        services.rapid_review_sign_off(actor=chair, rapid_review=rapid_review)

    assert missing in refused.value.messages[0]
    rapid_review.refresh_from_db()
    assert not rapid_review.is_signed_off


def test_chair_signs_off_a_recorded_decision(chair, signed_off):
    signed_off.refresh_from_db()
    assert signed_off.is_signed_off
    assert signed_off.signed_off_by == chair


def test_a_decision_cannot_be_signed_off_twice(chair, signed_off):
    with pytest.raises(ValidationError):
        services.rapid_review_sign_off(actor=chair, rapid_review=signed_off)


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
        services.rapid_review_update(actor=member, rapid_review=signed_off, fields=change)

    signed_off.refresh_from_db()
    assert signed_off.meets_cspr_criteria is True
    assert signed_off.complex_or_national_importance is False
    assert signed_off.decision_reasons.startswith("Serious harm")


def test_signed_off_rapid_review_still_takes_learning_points(member, signed_off):
    services.rapid_review_update(
        actor=member,
        rapid_review=signed_off,
        fields={"learning_points": "Share the chronology earlier.", "meets_cspr_criteria": True},
    )

    signed_off.refresh_from_db()
    assert signed_off.learning_points == "Share the chronology earlier."


def test_amendment_needs_a_signed_off_decision(member, rapid_review):
    with pytest.raises(ValidationError):
        services.rapid_review_amend(actor=member, rapid_review=rapid_review, text="Correction", reason="Typo")

    assert not DecisionAmendment.objects.exists()


def test_amendment_is_recorded_beside_a_signed_off_decision(member, signed_off):
    amendment = services.rapid_review_amend(
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

    services.agency_summary_save(actor=member, rapid_review=rapid_review, agency=police, summary="First")
    services.agency_summary_save(actor=member, rapid_review=rapid_review, agency=police, summary="Second")

    assert list(rapid_review.agency_summaries.values_list("summary", flat=True)) == ["Second"]


def test_safety_action_add_records_its_owner(member, rapid_review):
    police = AgencyFactory(name="Wessex Police")

    action = services.safety_action_add(
        actor=member,
        rapid_review=rapid_review,
        kind="risk_assessment",
        description="Assess the siblings",
        owner_agency=police,
        owner_name="DS Smith",
    )

    assert list(rapid_review.safety_actions.all()) == [action]
    assert (action.owner_agency, action.owner_name, action.done_on) == (police, "DS Smith", None)


# --- the review the outcome creates ---------------------------------------------------------


def test_cspr_outcome_creates_a_cspr_with_the_children_and_themes(member, child, rapid_review):
    other = Child.objects.create(pseudonym="Child N")
    rapid_review.incident.children.add(other)
    themes = list(Theme.objects.filter(slug__in=["neglect", "domestic_abuse"]))
    services.rapid_review_update(
        actor=member, rapid_review=rapid_review, fields={"outcome": RapidReviewOutcome.CSPR}, themes=themes
    )

    review = services.review_create_from_outcome(
        actor=member, rapid_review=rapid_review, decision_on=date(2025, 7, 1)
    )

    review.refresh_from_db()
    assert review.kind == ReviewKind.CSPR
    assert review.status == ReviewStatus.SCOPING
    assert review.rapid_review == rapid_review
    assert review.decision_on == date(2025, 7, 1)
    assert set(review.children.all()) == {child, other}
    assert set(review.themes.all()) == set(themes)


def test_local_review_outcome_creates_a_local_review(member, rapid_review):
    services.rapid_review_update(
        actor=member, rapid_review=rapid_review, fields={"outcome": RapidReviewOutcome.LOCAL_REVIEW}
    )

    review = services.review_create_from_outcome(
        actor=member, rapid_review=rapid_review, decision_on=date(2025, 7, 1)
    )

    assert review.kind == ReviewKind.LOCAL


def test_a_second_review_from_the_same_rapid_review_is_refused(member, rapid_review):
    services.rapid_review_update(
        actor=member, rapid_review=rapid_review, fields={"outcome": RapidReviewOutcome.CSPR}
    )
    services.review_create_from_outcome(actor=member, rapid_review=rapid_review, decision_on=date(2025, 7, 1))

    with pytest.raises(ValidationError):
        services.review_create_from_outcome(
            actor=member, rapid_review=rapid_review, decision_on=date(2025, 7, 2)
        )

    assert Review.objects.count() == 1


@pytest.mark.parametrize(
    "outcome", [RapidReviewOutcome.NO_FURTHER_REVIEW, ""], ids=["no-further-review", "none"]
)
def test_no_review_is_created_without_a_review_outcome(member, rapid_review, outcome):
    services.rapid_review_update(actor=member, rapid_review=rapid_review, fields={"outcome": outcome})

    with pytest.raises(ValidationError):
        services.review_create_from_outcome(
            actor=member, rapid_review=rapid_review, decision_on=date(2025, 7, 1)
        )

    assert not Review.objects.exists()


def test_review_decision_before_the_aware_date_is_refused(member, rapid_review):
    services.rapid_review_update(
        actor=member, rapid_review=rapid_review, fields={"outcome": RapidReviewOutcome.CSPR}
    )

    with pytest.raises(ValidationError):
        services.review_create_from_outcome(
            actor=member, rapid_review=rapid_review, decision_on=AWARE - timedelta(days=1)
        )

    assert not Review.objects.exists()
