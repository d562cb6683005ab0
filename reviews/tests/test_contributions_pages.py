"""The pages of the requests for agencies' returns: CRAG asks several agencies from the case's
page, the agency's lead writes, uploads and submits, CRAG accepts or returns it; another agency's
request is 404 everywhere, the decisions are 403 to a lead; the list's queries stay flat."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from conftest import queries_for
from reviews.contributions import requests as contributions
from reviews.models import ContributionRequest
from reviews.tests.contribution_world import world
from reviews.tests.factories import ReviewFactory
from reviews.tests.factories_contributions import ContributionRequestFactory
from reviews.tests.learning_world import csv_rows, date_parts

__all__ = ["world"]  # fixtures
pytestmark = pytest.mark.django_db
DUE = date(2026, 3, 9)


def later():
    """A due date after today, whatever today is."""
    return timezone.localdate() + timedelta(days=30)


@pytest.fixture
def client_of(sign_in):
    return lambda user: sign_in(Client(), user)


def ask(world, agency=None):
    (request,) = contributions.contributions_request(
        actor=world.chair,
        agencies=[agency or world.health],
        kind="agency_summary",
        due_on=DUE,
        requested_on=date(2026, 3, 2),
        rapid_review=world.rapid_review,
    )
    return request


def test_crag_asks_two_agencies_from_one_form_and_sees_them_on_the_rapid_review(world, client_of):
    chair = client_of(world.chair)
    url = f"/incidents/{world.rapid_review.incident_id}/rapid-review/contributions/request/"
    form = chair.get(url)
    assert form.status_code == 200
    assert form.context["form"].initial["due_on"] > timezone.localdate()
    data = {
        "agencies": [world.health.pk, world.police.pk],
        "kind": "chronology",
        **date_parts("due_on", later()),
    }
    response = chair.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/{world.rapid_review.incident_id}/rapid-review/"
    assert ContributionRequest.objects.filter(kind="chronology").count() == 2
    page = chair.get(response["Location"], follow=True)
    assert b"Asked 2 agencies for returns." in page.content
    assert b"Ask agencies for returns" in page.content
    assert page.content.count(b"/contributions/") >= 2


def test_a_refused_request_shows_the_plain_message_and_asks_nobody(world, client_of):
    ask(world)
    chair = client_of(world.chair)
    url = f"/incidents/{world.rapid_review.incident_id}/rapid-review/contributions/request/"
    data = {
        "agencies": [world.health.pk, world.police.pk],
        "kind": "agency_summary",
        **date_parts("due_on", later()),
    }
    response = chair.post(url, data)
    assert response.status_code == 200
    assert any("still open: Health visiting." in e for e in response.context["form"].errors["agencies"])
    assert ContributionRequest.objects.count() == 1


def test_the_panel_is_shown_to_crag_only(world, client_of):
    ask(world)
    lead_page = client_of(world.health_lead).get(f"/incidents/{world.rapid_review.incident_id}/rapid-review/")
    assert lead_page.status_code == 404
    page = client_of(world.member).get(f"/incidents/{world.rapid_review.incident_id}/rapid-review/")
    assert b"Agencies&#x27; returns" in page.content or b"Agencies' returns" in page.content


def test_the_lead_writes_uploads_and_submits_and_crag_returns_it_for_more(world, client_of):
    request = ask(world)
    lead = client_of(world.health_lead)
    base = f"/contributions/{request.pk}/"
    assert lead.get(base).status_code == 200
    edit = lead.post(f"{base}edit/", {"involvement": "Known since birth", "version": "1"})
    assert edit.status_code == 302
    upload = SimpleUploadedFile("summary.txt", b"Our summary.", content_type="text/plain")
    assert lead.post(f"{base}documents/upload/", {"file": upload}).status_code == 302
    document = request.documents.get()
    download = lead.get(f"{base}documents/{document.pk}/")
    assert b"".join(download.streaming_content) == b"Our summary."
    assert lead.get(f"{base}submit/").status_code == 200  # the confirmation page
    assert lead.post(f"{base}submit/").status_code == 302
    request.refresh_from_db()
    assert request.status == "submitted"
    chair = client_of(world.chair)
    back = chair.post(f"{base}return/", {"reason": "Add the GP", **date_parts("due_on", date(2026, 3, 16))})
    assert back.status_code == 302
    detail = lead.get(base).content.decode()
    assert "Add the GP" in detail
    assert "Known since birth" in detail
    assert "The return as submitted" in detail


def test_a_stale_edit_changes_nothing(world, client_of):
    request = ask(world)
    lead = client_of(world.health_lead)
    assert (
        lead.post(f"/contributions/{request.pk}/edit/", {"involvement": "First", "version": "1"}).status_code
        == 302
    )
    stale = lead.post(f"/contributions/{request.pk}/edit/", {"involvement": "Second", "version": "1"})
    assert stale.status_code != 302
    request.refresh_from_db()
    assert request.involvement == "First"


def test_an_empty_return_is_refused_on_the_confirmation_page(world, client_of):
    request = ask(world)
    response = client_of(world.health_lead).post(f"/contributions/{request.pk}/submit/")
    assert response.status_code == 400
    assert "involvement" in response.content.decode()


def test_another_agencys_request_is_404_everywhere_and_decisions_are_403_to_the_lead(world, client_of):
    theirs = ask(world, agency=world.police)
    mine = ask(world)
    document = contributions.contribution_document_upload(
        actor=world.chair,
        request=theirs,
        upload=SimpleUploadedFile("police.txt", b"Police return.", content_type="text/plain"),
    )
    lead = client_of(world.health_lead)
    for suffix in ("", "edit/", "submit/", "accept/", "return/", "due/", "documents/upload/"):
        assert lead.get(f"/contributions/{theirs.pk}/{suffix}").status_code == 404, suffix
    assert lead.post(f"/contributions/{theirs.pk}/submit/").status_code == 404
    assert lead.get(f"/contributions/{theirs.pk}/documents/{document.pk}/").status_code == 404
    assert lead.get(f"/contributions/{mine.pk}/documents/{document.pk}/").status_code == 404
    for suffix in ("accept/", "return/", "due/"):
        assert lead.get(f"/contributions/{mine.pk}/{suffix}").status_code == 403, suffix
        assert lead.post(f"/contributions/{mine.pk}/{suffix}").status_code == 403, suffix
    rows = csv_rows(lead.get("/contributions.csv"))
    assert [row[1] for row in rows[1:]] == ["Health visiting"]
    listed = lead.get("/contributions/")
    assert [r.pk for r in listed.context["rows"]] == [mine.pk]


def test_crag_filters_the_list_by_agency_and_overdue(world, client_of):
    ask(world)
    ask(world, agency=world.police)
    chair = client_of(world.chair)
    by_agency = chair.get("/contributions/", {"agency": world.police.pk})
    assert [r.agency for r in by_agency.context["rows"]] == [world.police]
    overdue = chair.get("/contributions/", {"overdue": "on"})
    assert len(overdue.context["rows"]) == 2  # due 9 March 2026, long past


def test_the_list_makes_as_many_queries_for_50_requests_as_for_5(
    world, client_of, django_assert_max_num_queries
):
    ContributionRequestFactory.create_batch(5, agency=world.health, rapid_review=world.rapid_review)
    chair = client_of(world.chair)
    chair.get("/contributions/")  # the session and caches warmed
    few = queries_for(chair, "/contributions/")
    ContributionRequestFactory.create_batch(
        45, agency=world.police, review=ReviewFactory(), rapid_review=None
    )
    assert queries_for(chair, "/contributions/") == few
    with django_assert_max_num_queries(few):
        assert chair.get("/contributions/", {"sort": "agency"}).status_code == 200
