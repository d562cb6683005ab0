"""Sending a learning resource to agencies (issue 20): CRAG only, once per agency (an agency it
already went to is refused by name and nothing is saved), never dated in the future; the pages
that send it, list what was sent (a lead their own agency's) and download it; the list's queries
stay flat."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from conftest import queries_for
from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.impact import selectors, services
from reviews.models import Dissemination
from reviews.tests.factories import LearningResourceFactory
from reviews.tests.factories_impact import DisseminationFactory, ResourceUseFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


@pytest.fixture
def lead(make_user):
    return make_user(roles.AGENCY_ACTION_LEAD)


@pytest.fixture
def client_of(sign_in):
    return lambda user: sign_in(Client(), user)


def _date(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@time_machine.travel(TODAY, tick=False)
def test_crag_sends_a_resource_to_each_chosen_agency_once(chair):
    resource = LearningResourceFactory(title="7-minute briefing: Child M")
    agencies = AgencyFactory.create_batch(3)
    sent = services.resource_send(
        actor=chair, resource=resource, agencies=agencies, sent_on=TODAY, message="Share with teams"
    )
    assert sorted(d.agency_id for d in sent) == sorted(a.pk for a in agencies)
    assert {(d.sent_by_id, d.sent_on, d.message) for d in sent} == {(chair.pk, TODAY, "Share with teams")}


@time_machine.travel(TODAY, tick=False)
def test_sending_again_to_an_agency_already_sent_is_refused_by_name_and_saves_nothing(chair):
    resource = LearningResourceFactory(title="Safe sleep poster")
    health, police = AgencyFactory(name="Health Trust"), AgencyFactory(name="Police")
    services.resource_send(actor=chair, resource=resource, agencies=[health], sent_on=TODAY)
    with pytest.raises(ValidationError) as refused:
        services.resource_send(actor=chair, resource=resource, agencies=[police, health], sent_on=TODAY)
    assert "already sent to Health Trust" in refused.value.message_dict["agencies"][0]
    assert not Dissemination.objects.filter(agency_id=police.pk).exists()


@time_machine.travel(TODAY, tick=False)
def test_a_sending_date_in_the_future_or_no_agency_is_refused(chair):
    resource = LearningResourceFactory()
    with pytest.raises(ValidationError) as future:
        services.resource_send(
            actor=chair, resource=resource, agencies=[AgencyFactory()], sent_on=date(2026, 3, 11)
        )
    assert "sent_on" in future.value.message_dict
    with pytest.raises(ValidationError) as none:
        services.resource_send(actor=chair, resource=resource, agencies=[], sent_on=TODAY)
    assert "agencies" in none.value.message_dict
    assert not Dissemination.objects.exists()


@pytest.mark.parametrize("role", [roles.AGENCY_ACTION_LEAD, roles.BUSINESS_GROUP, roles.BOARD_MEMBER])
def test_only_crag_sends_a_resource(make_user, role):
    with pytest.raises(PermissionDenied):
        services.resource_send(
            actor=make_user(role),
            resource=LearningResourceFactory(),
            agencies=[AgencyFactory()],
            sent_on=TODAY,
        )


@time_machine.travel(TODAY, tick=False)
def test_the_send_page_offers_only_agencies_not_yet_sent_and_sends(client_of, chair):
    resource = LearningResourceFactory(title="Neglect briefing")
    done, left = AgencyFactory(name="Already sent agency"), AgencyFactory(name="Waiting agency")
    DisseminationFactory(resource=resource, agency=done)
    page = client_of(chair)
    shown = page.get(f"/learning/resources/{resource.pk}/send/").content.decode()
    assert "Waiting agency" in shown
    assert "Already sent agency" not in shown
    assert f'value="{TODAY.day}"' in shown  # the date sent defaults to today
    response = page.post(
        f"/learning/resources/{resource.pk}/send/",
        {"agencies": [left.pk], **_date("sent_on", TODAY), "message": "Please share"},
    )
    assert response.status_code == 302
    assert Dissemination.objects.filter(
        resource_id=resource.pk, agency_id=left.pk, message="Please share"
    ).exists()


def test_the_resource_page_shows_crag_every_agency_and_a_lead_only_their_own(client_of, chair, lead):
    resource = LearningResourceFactory(title="Bruising protocol guide")
    DisseminationFactory(resource=resource, agency=lead.agency)
    other = DisseminationFactory(resource=resource, agency=AgencyFactory(name="Another agency"))
    ResourceUseFactory(dissemination=other, evidence="Other agency minutes")
    crag = client_of(chair).get(f"/learning/resources/{resource.pk}/").content.decode()
    assert lead.agency.name in crag
    assert "Another agency" in crag
    assert "Other agency minutes" in crag
    mine = client_of(lead).get(f"/learning/resources/{resource.pk}/").content.decode()
    assert lead.agency.name in mine
    assert "Another agency" not in mine
    assert "Other agency minutes" not in mine
    assert "Send to agencies" not in mine


def test_the_resource_list_links_each_title_to_its_page_and_crag_to_sending(client_of, chair, lead):
    resource = LearningResourceFactory(title="Home visits poster")
    crag = client_of(chair).get("/learning/resources/").content.decode()
    assert f"/learning/resources/{resource.pk}/send/" in crag
    theirs = client_of(lead).get("/learning/resources/").content.decode()
    assert f"/learning/resources/{resource.pk}/" in theirs
    assert f"/learning/resources/{resource.pk}/send/" not in theirs


def test_the_sent_list_shows_a_lead_their_agencys_and_filters_those_awaiting_use(client_of, chair, lead):
    mine = DisseminationFactory(agency=lead.agency, resource=LearningResourceFactory(title="Mine awaiting"))
    used = DisseminationFactory(agency=lead.agency, resource=LearningResourceFactory(title="Mine used"))
    ResourceUseFactory(dissemination=used)
    DisseminationFactory(resource=LearningResourceFactory(title="Theirs"))
    listed = client_of(lead).get("/learning/sent/").content.decode()
    assert "Mine awaiting" in listed
    assert "Mine used" in listed
    assert "Theirs" not in listed
    awaiting = client_of(lead).get("/learning/sent/", {"awaiting": "on"}).content.decode()
    assert "Mine awaiting" in awaiting
    assert "Mine used" not in awaiting
    assert list(selectors.dissemination_list(user=lead, filters={"awaiting": True})) == [mine]
    crag = client_of(chair).get("/learning/sent/").content.decode()
    assert "Theirs" in crag


def test_the_sent_download_has_the_rows_the_user_may_see(client_of, lead):
    DisseminationFactory(agency=lead.agency, resource=LearningResourceFactory(title="Mine to download"))
    DisseminationFactory(resource=LearningResourceFactory(title="Not mine to download"))
    response = client_of(lead).get("/learning/sent.csv")
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "Mine to download" in body
    assert "Not mine to download" not in body


def test_the_sent_list_makes_as_many_queries_for_50_rows_as_for_5(
    client_of, chair, django_assert_max_num_queries
):
    for _ in range(5):
        ResourceUseFactory(dissemination=DisseminationFactory())
    page = client_of(chair)
    page.get("/learning/sent/")
    few = queries_for(page, "/learning/sent/")
    for _ in range(45):
        ResourceUseFactory(dissemination=DisseminationFactory())
    assert queries_for(page, "/learning/sent/") == few
    with django_assert_max_num_queries(few):
        assert page.get("/learning/sent/", {"sort": "agency", "awaiting": "on"}).status_code == 200
