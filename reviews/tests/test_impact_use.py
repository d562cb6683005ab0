"""Recording how an agency used a resource it was sent (issue 20): an agency's action lead records
it only for their own agency (another agency's resource is 404 on every page and refused by the
service), CRAG on any agency's behalf; dated between its sending and today, with evidence; an edit
carries the version it was read at."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from crag import roles
from reviews.editing.versions import EditConflict
from reviews.impact import services
from reviews.models import ResourceUse
from reviews.tests.factories_impact import DisseminationFactory, ResourceUseFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)
SENT = date(2026, 3, 2)


@pytest.fixture
def lead(make_user):
    return make_user(roles.AGENCY_ACTION_LEAD)


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


@pytest.fixture
def client_of(sign_in):
    return lambda user: sign_in(Client(), user)


def _date(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def record(actor, dissemination, **overrides):
    fields = {"how": "training", "used_from": date(2026, 3, 5), "reach": 30, "evidence": "Register"}
    return services.resource_use_record(actor=actor, dissemination=dissemination, **(fields | overrides))


@time_machine.travel(TODAY, tick=False)
def test_a_lead_records_how_their_own_agency_used_a_resource(lead):
    sent = DisseminationFactory(agency=lead.agency, sent_on=SENT)
    use = record(lead, sent, used_to=date(2026, 3, 6))
    assert (use.dissemination, use.recorded_by, use.reach, use.used_to) == (sent, lead, 30, date(2026, 3, 6))


@time_machine.travel(TODAY, tick=False)
def test_a_lead_is_refused_recording_use_for_another_agency_and_nothing_is_saved(lead):
    theirs = DisseminationFactory(sent_on=SENT)
    with pytest.raises(PermissionDenied):
        record(lead, theirs)
    mine = ResourceUseFactory(dissemination=DisseminationFactory(sent_on=SENT))
    with pytest.raises(PermissionDenied):
        services.resource_use_update(actor=lead, use=mine, version=mine.version, reach=1)
    assert ResourceUse.objects.filter(dissemination_id=theirs.pk).count() == 0
    assert ResourceUse.objects.get(pk=mine.pk).reach == 12


@time_machine.travel(TODAY, tick=False)
def test_crag_records_use_on_any_agencys_behalf_and_the_business_group_may_not(chair, make_user):
    sent = DisseminationFactory(sent_on=SENT)
    assert record(chair, sent).recorded_by == chair
    with pytest.raises(PermissionDenied):
        record(make_user(roles.BUSINESS_GROUP), sent)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"used_from": date(2026, 3, 1)}, "used_from"),  # before it was sent
        ({"used_from": date(2026, 3, 11)}, "used_from"),  # in the future
        ({"used_to": date(2026, 3, 4)}, "used_to"),  # before it was first used
        ({"used_to": date(2026, 3, 11)}, "used_to"),  # in the future
        ({"evidence": "  "}, "evidence"),
    ],
)
def test_a_use_out_of_its_dates_or_without_evidence_is_refused(lead, fields, field):
    sent = DisseminationFactory(agency=lead.agency, sent_on=SENT)
    with pytest.raises(ValidationError) as refused:
        record(lead, sent, **fields)
    assert field in refused.value.message_dict
    assert not ResourceUse.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_an_edit_read_before_another_save_is_a_conflict_and_changes_nothing(lead):
    use = record(lead, DisseminationFactory(agency=lead.agency, sent_on=SENT))
    read = use.version
    services.resource_use_update(actor=lead, use=use, version=read, reach=40)
    with pytest.raises(EditConflict):
        services.resource_use_update(actor=lead, use=use, version=read, reach=50)
    assert ResourceUse.objects.get(pk=use.pk).reach == 40


@time_machine.travel(TODAY, tick=False)
def test_another_agencys_resource_is_404_on_every_page_for_a_lead(client_of, lead):
    theirs = DisseminationFactory(sent_on=SENT)
    use = ResourceUseFactory(dissemination=theirs, used_from=SENT)
    page = client_of(lead)
    for url in (
        f"/learning/sent/{theirs.pk}/",
        f"/learning/sent/{theirs.pk}/use/",
        f"/learning/uses/{use.pk}/edit/",
    ):
        assert page.get(url).status_code == 404, url
    posted = page.post(
        f"/learning/sent/{theirs.pk}/use/",
        {"how": "training", **_date("used_from", SENT), "evidence": "Not ours"},
    )
    assert posted.status_code == 404
    assert page.post(f"/learning/uses/{use.pk}/edit/", {"how": "audit"}).status_code == 404
    assert ResourceUse.objects.filter(dissemination_id=theirs.pk).count() == 1


@time_machine.travel(TODAY, tick=False)
def test_a_lead_records_use_through_the_form_and_sees_it_on_the_page(client_of, lead):
    sent = DisseminationFactory(agency=lead.agency, sent_on=SENT)
    page = client_of(lead)
    detail = page.get(f"/learning/sent/{sent.pk}/").content.decode()
    assert "Record how it was used" in detail
    response = page.post(
        f"/learning/sent/{sent.pk}/use/",
        {"how": "team_meeting", **_date("used_from", date(2026, 3, 9)), "reach": "14", "evidence": "Minutes"},
    )
    assert response.status_code == 302
    shown = page.get(f"/learning/sent/{sent.pk}/").content.decode()
    assert "Discussed in team meetings" in shown
    assert "Minutes" in shown


@time_machine.travel(TODAY, tick=False)
def test_the_edit_form_carries_the_version_and_saves_the_change(client_of, lead):
    use = record(lead, DisseminationFactory(agency=lead.agency, sent_on=SENT))
    page = client_of(lead)
    assert 'name="version"' in page.get(f"/learning/uses/{use.pk}/edit/").content.decode()
    data = {"how": "audit", **_date("used_from", date(2026, 3, 5)), "reach": "8", "evidence": "Audit report"}
    assert page.post(f"/learning/uses/{use.pk}/edit/", data | {"version": use.version}).status_code == 302
    use.refresh_from_db()
    assert (use.how, use.reach, use.evidence) == ("audit", 8, "Audit report")
    stale = page.post(f"/learning/uses/{use.pk}/edit/", data | {"version": use.version - 1, "reach": "9"})
    assert stale.status_code in (200, 409)
    assert ResourceUse.objects.get(pk=use.pk).reach == 8
