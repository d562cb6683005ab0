"""The admin of issue 18's records is read-only: contribution requests, chronology entries, and the
Rapid Review's key practice episodes and partners' agreements change only through CRAG's pages."""

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory

from crag import roles
from crag.models import Agency, PartnerRole
from reviews.models import ChronologyEntry, ContributionRequest, RapidReview
from reviews.tests.factories_contributions import (
    ChronologyEntryFactory,
    ContributionRequestFactory,
    KeyPracticeEpisodeFactory,
    PartnerAgreementFactory,
)


@pytest.fixture
def admin_user(make_user):
    return make_user(roles.PARTNERSHIP_ADMIN)


@pytest.fixture
def admin_client(sign_in, admin_user):
    return sign_in(Client(), admin_user)


@pytest.mark.parametrize("model", [ContributionRequest, ChronologyEntry])
def test_the_admin_views_but_never_adds_changes_or_deletes_issue_18_records(admin_user, model):
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = admin.site._registry[model]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_a_posted_change_to_a_contribution_request_is_refused(admin_client):
    item = ContributionRequestFactory.create(involvement="As returned")
    url = f"/admin/reviews/contributionrequest/{item.pk}/change/"
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"involvement": "Rewritten in the admin"}).status_code == 403
    item.refresh_from_db()
    assert item.involvement == "As returned"


def test_chronology_entries_are_listed_with_their_filters(admin_client):
    ChronologyEntryFactory.create(source="GP record")
    html = admin_client.get("/admin/reviews/chronologyentry/").content.decode()
    assert "GP record" in html
    assert "By key practice episode" in html


def test_rapid_review_admin_shows_episodes_and_agreements_read_only(admin_client, admin_user):
    episode = KeyPracticeEpisodeFactory.create(title="Referral closed without a visit")
    PartnerAgreementFactory.create(rapid_review=episode.rapid_review, note="Agreed at the meeting")
    html = admin_client.get(f"/admin/reviews/rapidreview/{episode.rapid_review.pk}/change/").content.decode()
    assert "Referral closed without a visit" in html
    assert "Agreed at the meeting" in html
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = admin.site._registry[RapidReview]
    for inline in model_admin.get_inline_instances(request, episode.rapid_review):
        if inline.model.__name__ in {"KeyPracticeEpisode", "PartnerAgreement"}:
            assert not inline.has_add_permission(request, episode.rapid_review)
            assert not inline.has_change_permission(request, episode.rapid_review)
            assert not inline.has_delete_permission(request, episode.rapid_review)


def test_agency_admin_lists_and_edits_the_partner_role_and_designation(admin_client):
    agency = Agency.objects.create(name="Northshire Police", short_name="NP", kind="police")
    html = admin_client.get("/admin/crag/agency/").content.decode()
    assert "statutory partner role" in html.lower()
    form = admin_client.get(f"/admin/crag/agency/{agency.pk}/change/").content.decode()
    assert 'name="partner_role"' in form
    assert 'name="designated"' in form
    assert PartnerRole.POLICE.value in form
