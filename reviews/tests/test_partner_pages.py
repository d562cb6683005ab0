"""The Rapid Review page's panels and pages for key practice episodes, inequalities and the
partners' agreement, through the test client."""

import pytest
from django.test import Client

from crag import roles
from crag.models import Agency, PartnerRole
from crag.tests.factories import AgencyFactory
from reviews.incidents import episodes
from reviews.models import KeyPracticeEpisode, PartnerAgreement
from reviews.tests.incident_records import chair, child, decided, member, rapid_review
from reviews.tests.partner_records import partner_representative, record_partner_agreements
from reviews.tests.test_lost_updates import hidden

__all__ = ["chair", "child", "member", "rapid_review"]  # fixtures


def page(rapid_review, suffix=""):
    return f"/incidents/{rapid_review.incident_id}/rapid-review/{suffix}"


@pytest.fixture
def decision(member, rapid_review):
    return decided(member, rapid_review)


@pytest.fixture
def as_member(sign_in, member):
    return sign_in(Client(), member)


def test_rapid_review_page_shows_empty_states_for_episodes_and_inequalities(as_member, rapid_review):
    html = as_member.get(page(rapid_review)).content.decode()
    assert "No key practice episodes yet" in html
    assert "Race, ethnicity and other inequalities" in html
    assert "Add a key practice episode" in html


def test_rapid_review_page_queries_stay_flat_as_episodes_grow(
    as_member, member, rapid_review, django_assert_max_num_queries
):
    episodes.key_episode_add(actor=member, rapid_review=rapid_review, title="One", description="d")
    with django_assert_max_num_queries(200) as few:
        as_member.get(page(rapid_review))
    for n in range(5):
        episodes.key_episode_add(actor=member, rapid_review=rapid_review, title=f"More {n}", description="d")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = as_member.get(page(rapid_review)).content.decode()
    assert html.count("data-key-episode") == 6


def test_a_member_adds_edits_and_deletes_an_episode_through_the_pages(as_member, rapid_review):
    form = hidden(as_member.get(page(rapid_review, "episodes/add/")).content.decode())
    response = as_member.post(
        page(rapid_review, "episodes/add/"),
        {**form, "title": "Referral closed", "description": "Closed without a visit", "analysis": "Why"},
    )
    assert response.status_code == 302
    episode = KeyPracticeEpisode.objects.get()
    edit = page(rapid_review, f"episodes/{episode.pk}/edit/")
    form = hidden(as_member.get(edit).content.decode())
    as_member.post(edit, {**form, "title": "Referral closed early", "description": "Closed", "analysis": ""})
    episode.refresh_from_db()
    assert episode.title == "Referral closed early"
    delete = page(rapid_review, f"episodes/{episode.pk}/delete/")
    confirm = as_member.get(delete)
    assert "Delete key practice episode 1?" in confirm.content.decode()
    assert KeyPracticeEpisode.objects.exists()  # the confirmation page deletes nothing
    response = as_member.post(delete, hidden(confirm.content.decode()))
    assert response.status_code == 302
    assert not KeyPracticeEpisode.objects.exists()


def test_inequalities_are_saved_through_the_rapid_review_form(as_member, rapid_review):
    form = hidden(as_member.get(page(rapid_review, "edit/")).content.decode())
    as_member.post(page(rapid_review, "edit/"), {**form, "inequalities": "Language barrier; no interpreter."})
    rapid_review.refresh_from_db()
    assert rapid_review.inequalities == "Language barrier; no interpreter."
    assert "Language barrier; no interpreter." in as_member.get(page(rapid_review)).content.decode()


def test_the_agree_button_shows_only_to_a_partner_that_has_not_agreed(sign_in, as_member, decision):
    police = sign_in(Client(), partner_representative(PartnerRole.POLICE))
    assert "Agree the decision" in police.get(page(decision)).content.decode()
    assert "Agree the decision" not in as_member.get(page(decision)).content.decode()  # not a partner
    response = police.post(page(decision, "agree/"), {"note": "Agreed at the meeting."})
    assert response.status_code == 302
    html = police.get(page(decision)).content.decode()
    assert "Agree the decision" not in html
    assert "Agreed by" in html
    assert "Agreed at the meeting." in html


def test_agreeing_twice_through_the_page_is_refused_with_a_message(sign_in, decision):
    police = sign_in(Client(), partner_representative(PartnerRole.POLICE))
    police.post(page(decision, "agree/"), {})
    response = police.post(page(decision, "agree/"), {})
    assert response.status_code == 200
    assert "The police partner has already agreed this decision" in response.content.decode()
    assert PartnerAgreement.objects.count() == 1


def test_a_non_partner_member_may_not_open_the_agree_page(as_member, decision):
    assert as_member.get(page(decision, "agree/")).status_code == 403


def test_sign_off_page_says_who_has_agreed_and_who_has_not(sign_in, chair, decision):
    record_partner_agreements(decision, only=[PartnerRole.LOCAL_AUTHORITY])
    Agency.objects.filter(partner_role=PartnerRole.POLICE).update(partner_role="")
    html = sign_in(Client(), chair).get(page(decision, "sign-off/")).content.decode()
    representative = PartnerAgreement.objects.get().agreed_by
    assert f"Agreed by {representative}" in html
    assert "No agency is marked as the police partner: a Partnership admin marks it in the admin." in html
    assert "the police and the integrated care board must agree the decision" in html


def test_a_partner_withdraws_its_agreement_through_the_page(sign_in, decision):
    representative = partner_representative(PartnerRole.ICB)
    agreement = record_partner_agreements(decision, only=[PartnerRole.ICB])[0]
    client = sign_in(Client(), representative)
    url = page(decision, f"agree/{agreement.pk}/withdraw/")
    assert client.post(url, {"reason": ""}).status_code == 200  # the reason is required
    assert client.post(url, {"reason": "The decision is under discussion again."}).status_code == 302
    assert not PartnerAgreement.objects.exists()


def test_the_panel_marks_designated_relevant_agencies(as_member, decision):
    AgencyFactory.create(name="Riverside Academy", designated=True)
    html = as_member.get(page(decision)).content.decode()
    assert "Designated relevant agencies: Riverside Academy" in html


def test_an_agency_lead_cannot_reach_the_partner_pages(sign_in, make_user, decision):
    lead = sign_in(Client(), make_user(roles.AGENCY_ACTION_LEAD))
    assert lead.get(page(decision, "agree/")).status_code == 404
