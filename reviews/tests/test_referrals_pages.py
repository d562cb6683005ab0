"""The referrals pages: a lead refers through the form and then sees the outcome by pseudonym only;
another agency's referral is 404; CRAG sees the identity and screens; the list's queries stay flat."""

from datetime import date

import pytest
import time_machine
from django.test import Client

from conftest import queries_for
from crag import roles
from reviews.models import Child, Incident, Referral
from reviews.referrals import services
from reviews.referrals.services import ChildDetails
from reviews.tests.factories_meetings import ReferralFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


@pytest.fixture
def client_of(sign_in):
    return lambda user: sign_in(Client(), user)


@pytest.fixture
def lead(make_user):
    return make_user(roles.AGENCY_ACTION_LEAD)


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


def _date(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year} if day else {}


def form_data(**overrides):
    data = {
        "child_1_name": "Amy Example",
        **_date("child_1_date_of_birth", date(2025, 6, 1)),
        "child_2_name": "Ben Example",
        "kind": "serious_harm",
        "what_happened": "Admitted with a fracture.",
        **_date("agency_aware_on", date(2026, 3, 9)),
        **_date("council_aware_on", date(2026, 3, 9)),
        "abuse_or_neglect_suspected": "yes",
    }
    return data | overrides


def referral_of(user, **kwargs):
    return services.referral_create(
        actor=user,
        children=[ChildDetails(name="Amy Example", date_of_birth=date(2025, 6, 1))],
        kind="serious_harm",
        what_happened="Admitted with a fracture.",
        agency_aware_on=date(2026, 3, 9),
        council_aware_on=kwargs.pop("council_aware_on", date(2026, 3, 9)),
        abuse_or_neglect_suspected="yes",
    )


@time_machine.travel(TODAY, tick=False)
def test_a_lead_refers_two_children_and_then_sees_pseudonyms_not_names(client_of, lead):
    page = client_of(lead)
    sent = page.post("/referrals/new/", form_data(), follow=True)
    referral = Referral.objects.get()
    assert sent.redirect_chain[-1][0] == f"/referrals/{referral.pk}/"
    assert set(Child.objects.values_list("legal_name", flat=True)) == {"Amy Example", "Ben Example"}
    shown = sent.content.decode()
    assert f"Child A of {referral.reference}" in shown
    assert "Awaiting screening" in shown
    for secret in ("Amy Example", "Ben Example", "Admitted with a fracture", "1 June 2025"):
        assert secret not in shown


@time_machine.travel(TODAY, tick=False)
def test_a_refused_referral_says_what_is_wrong_in_plain_english_and_saves_nothing(client_of, lead):
    page = client_of(lead)
    data = form_data(child_1_name="", **_date("agency_aware_on", date(2026, 3, 12)), child_2_name="")
    data |= _date("child_2_date_of_birth", date(2024, 1, 1))
    answer = page.post("/referrals/new/", data)
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "Enter the child&#x27;s full name" in text
    assert "Enter the name of the second child" in text
    assert "must be today or in the past" in text
    assert not Referral.objects.exists()
    assert not Child.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_another_agencys_referral_is_not_found(client_of, lead, make_user):
    other = ReferralFactory()
    assert client_of(lead).get(f"/referrals/{other.pk}/").status_code == 404
    assert other.reference not in client_of(lead).get("/referrals/").content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_lead_sees_the_outcome_and_reason_but_no_link_to_the_incident(client_of, lead, chair):
    referral = referral_of(lead)
    screened = services.referral_screen(
        actor=chair, referral=referral, decision="notify", reason="Fracture unexplained."
    )
    text = client_of(lead).get(f"/referrals/{referral.pk}/").content.decode()
    assert "Notifiable: notify the Panel" in text
    assert "Fracture unexplained." in text
    assert "/incidents/" not in text
    chair_text = client_of(chair).get(f"/referrals/{referral.pk}/").content.decode()
    assert f"/incidents/{screened.incident_id}/" in chair_text


@time_machine.travel(TODAY, tick=False)
def test_crag_sees_identity_the_clock_and_screens_notifiable_to_the_new_incident(client_of, lead, chair):
    referral = referral_of(lead)
    page = client_of(chair)
    text = page.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Amy Example" in text
    assert "1 working day" in text  # the screening clock's tag
    assert "Screen this referral" in text
    confirm = page.get(f"/referrals/{referral.pk}/screen/").content.decode()
    assert "an incident will be created with aware date 9 March 2026" in confirm
    answer = page.post(f"/referrals/{referral.pk}/screen/", {"decision": "notify", "reason": ""})
    incident = Incident.objects.get()
    assert answer.url == f"/incidents/{incident.pk}/"
    again = page.get(f"/referrals/{referral.pk}/screen/")
    assert again.status_code == 302  # a screening is final


@time_machine.travel(TODAY, tick=False)
def test_screening_without_a_reason_is_refused_on_the_page(client_of, lead, chair):
    referral = referral_of(lead)
    answer = client_of(chair).post(f"/referrals/{referral.pk}/screen/", {"decision": "single_agency"})
    assert answer.status_code == 200
    assert "Give the reason the case is not notifiable" in answer.content.decode()
    referral.refresh_from_db()
    assert not referral.decision


@time_machine.travel(TODAY, tick=False)
def test_the_list_filters_by_status_and_the_csv_names_children_by_pseudonym(client_of, lead, chair):
    waiting, screened = referral_of(lead), referral_of(lead)
    services.referral_screen(actor=chair, referral=screened, decision="no_further_action", reason="Accident.")
    page = client_of(chair)
    listed = page.get("/referrals/", {"status": "awaiting"}).content.decode()
    assert waiting.reference in listed
    assert screened.reference not in listed
    csv = b"".join(page.get("/referrals.csv").streaming_content).decode()
    assert screened.reference in csv
    assert "Child of" in csv
    assert "Amy Example" not in csv


def test_the_list_makes_as_many_queries_for_50_referrals_as_for_5(
    client_of, chair, django_assert_max_num_queries
):
    ReferralFactory.create_batch(5)
    page = client_of(chair)
    page.get("/referrals/")
    few = queries_for(page, "/referrals/")
    ReferralFactory.create_batch(45)
    assert queries_for(page, "/referrals/") == few
    with django_assert_max_num_queries(few):
        assert page.get("/referrals/", {"sort": "agency"}).status_code == 200


@time_machine.travel(TODAY, tick=False)
def test_the_dashboards_show_crag_the_waiting_referral_with_its_clock_and_the_agency_its_outcome(
    client_of, lead, chair, make_user
):
    referral = referral_of(lead)
    crag = client_of(chair).get("/").content.decode()
    assert "Referrals awaiting screening" in crag
    assert referral.reference in crag
    assert "1 working day" in crag
    services.referral_screen(actor=chair, referral=referral, decision="no_further_action", reason="Accident.")
    own = client_of(lead).get("/").content.decode()
    assert f"{referral.reference}: Not notifiable: no further action" in own
    stranger = client_of(make_user(roles.AGENCY_ACTION_LEAD)).get("/").content.decode()
    assert referral.reference not in stranger
    assert 'href="/referrals/"' in stranger  # the menu link, for anyone who may refer
