"""The statutory partners' agreement to a Rapid Review's decision, and the chair's sign-off gate
(Working Together 2023: the decision is the three safeguarding partners')."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from crag import roles
from crag.models import PartnerRole
from crag.tests.factories import AgencyFactory, UserFactory
from reviews.incidents import partners, rapid_reviews
from reviews.models import PartnerAgreement
from reviews.tests.incident_records import chair, child, decided, member, rapid_review
from reviews.tests.partner_records import partner_representative, record_partner_agreements

__all__ = ["chair", "child", "member", "rapid_review"]  # fixtures

ALL = [PartnerRole.LOCAL_AUTHORITY, PartnerRole.POLICE, PartnerRole.ICB]


@pytest.fixture
def decision(member, rapid_review):
    return decided(member, rapid_review)


def test_sign_off_is_refused_naming_the_partner_still_to_agree(chair, decision):
    record_partner_agreements(decision, only=[PartnerRole.LOCAL_AUTHORITY, PartnerRole.ICB])
    with pytest.raises(ValidationError) as refused:
        rapid_reviews.rapid_review_sign_off(actor=chair, rapid_review=decision)
    assert refused.value.messages == ["Before signing off, the police must agree the decision in CRAG."]
    decision.refresh_from_db()
    assert not decision.is_signed_off


def test_sign_off_names_every_partner_when_none_has_agreed(chair, decision):
    with pytest.raises(
        ValidationError, match="the local authority, the police and the integrated care board"
    ):
        rapid_reviews.rapid_review_sign_off(actor=chair, rapid_review=decision)


def test_chair_signs_off_once_all_three_partners_agree(chair, decision):
    record_partner_agreements(decision)
    assert partners.partners_outstanding(decision) == []
    signed = rapid_reviews.rapid_review_sign_off(actor=chair, rapid_review=decision)
    assert signed.is_signed_off


def test_an_agreement_to_a_decision_since_changed_no_longer_counts(member, chair, decision):
    record_partner_agreements(decision)
    changed = decided(member, decision, decision_reasons="Reasons rewritten after the partners agreed.")
    assert partners.partners_outstanding(changed) == ALL
    with pytest.raises(ValidationError, match="must agree the decision"):
        rapid_reviews.rapid_review_sign_off(actor=chair, rapid_review=decision)


def test_agreeing_a_changed_decision_renews_the_agreement_in_place(member, decision):
    police = partner_representative(PartnerRole.POLICE)
    first = partners.partner_agree(actor=police, rapid_review=decision)
    changed = decided(member, decision, meets_cspr_criteria=False)
    renewed = partners.partner_agree(actor=police, rapid_review=changed, note="Agreed as changed.")
    assert renewed.pk == first.pk
    assert renewed.decision_digest == partners.decision_digest(changed) != first.decision_digest
    assert renewed.agreed_at > first.agreed_at
    assert PartnerAgreement.objects.filter(rapid_review=decision).count() == 1
    assert LogEntry.objects.get_for_object(renewed).filter(action=LogEntry.Action.UPDATE).exists()


@override_settings(CRAG_RAPID_REVIEW_AGREEING_PARTNERS=["local_authority"])
def test_a_partnership_listing_fewer_partners_needs_only_those(chair, decision):
    assert partners.partners_outstanding(decision) == ["local_authority"]
    record_partner_agreements(decision)
    assert rapid_reviews.rapid_review_sign_off(actor=chair, rapid_review=decision).is_signed_off


@override_settings(CRAG_RAPID_REVIEW_AGREEING_PARTNERS=[])
def test_with_no_partners_listed_sign_off_needs_no_agreement(chair, decision):
    assert rapid_reviews.rapid_review_sign_off(actor=chair, rapid_review=decision).is_signed_off


def test_the_police_representative_cannot_agree_twice(decision):
    police = partner_representative(PartnerRole.POLICE)
    partners.partner_agree(actor=police, rapid_review=decision)
    with pytest.raises(ValidationError, match="The police partner has already agreed this decision"):
        partners.partner_agree(actor=police, rapid_review=decision)
    colleague = UserFactory.create(agency=police.agency, roles=[roles.CRAG_CHAIR])
    with pytest.raises(ValidationError, match="already agreed"):
        partners.partner_agree(actor=colleague, rapid_review=decision)


def test_a_crag_member_of_an_agency_that_is_not_a_partner_cannot_agree(member, decision):
    assert member.agency.partner_role == ""
    with pytest.raises(PermissionDenied):
        partners.partner_agree(actor=member, rapid_review=decision)


def test_an_agency_action_lead_of_a_partner_cannot_agree(decision):
    agency = AgencyFactory.create(partner_role=PartnerRole.ICB)
    lead = UserFactory.create(agency=agency, roles=[roles.AGENCY_ACTION_LEAD])
    with pytest.raises(PermissionDenied):
        partners.partner_agree(actor=lead, rapid_review=decision)


def test_a_decision_not_yet_recorded_cannot_be_agreed(rapid_review):
    with pytest.raises(ValidationError, match="has not been recorded yet"):
        partners.partner_agree(actor=partner_representative(PartnerRole.POLICE), rapid_review=rapid_review)


def test_a_partner_withdraws_its_agreement_before_sign_off(decision):
    police = partner_representative(PartnerRole.POLICE)
    agreement = partners.partner_agree(actor=police, rapid_review=decision)
    with pytest.raises(PermissionDenied):  # another partner may not withdraw it
        partners.partner_agreement_withdraw(
            actor=partner_representative(PartnerRole.ICB), agreement=agreement, reason="Not ours"
        )
    partners.partner_agreement_withdraw(actor=police, agreement=agreement, reason="New information")
    assert not PartnerAgreement.objects.filter(pk=agreement.pk).exists()
    assert PartnerRole.POLICE in partners.partners_outstanding(decision)


def test_an_agreement_cannot_be_withdrawn_after_sign_off(chair, decision):
    record_partner_agreements(decision)
    rapid_reviews.rapid_review_sign_off(actor=chair, rapid_review=decision)
    agreement = PartnerAgreement.objects.get(rapid_review=decision, partner_role=PartnerRole.POLICE)
    with pytest.raises(ValidationError, match="signed off"):
        partners.partner_agreement_withdraw(
            actor=partner_representative(PartnerRole.POLICE), agreement=agreement, reason="Too late"
        )


def test_partner_lines_say_when_no_agency_holds_a_role(decision):
    record_partner_agreements(decision, only=[PartnerRole.POLICE])
    lines = {line.role: line for line in partners.partner_lines(decision)}
    assert lines["police"].agreement is not None
    assert lines["icb"].agency is None
    assert lines["icb"].agreement is None
