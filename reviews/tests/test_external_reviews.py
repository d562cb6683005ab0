"""The register of external reviews: its services, pages, refusals and plain-English errors."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.editing.versions import EditConflict
from reviews.external import services as register
from reviews.models import ExternalReview, Theme
from reviews.tests.factories import RecommendationFactory
from reviews.tests.factories_impact import ExternalRecommendationFactory, ExternalReviewFactory
from reviews.tests.test_lost_updates import hidden


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


def _date(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def _create(chair, **overrides):
    values = {
        "source": "dhr",
        "title": "DHR: Adult K",
        "author": "Community Safety Partnership",
        "published_on": date(2025, 9, 1),
        "themes": [Theme.objects.get(slug="neglect")],
    } | overrides
    return register.external_review_create(actor=chair, **values)


def test_crag_adds_an_external_review_with_its_themes_and_an_audit_entry(chair):
    review = _create(chair, url=" https://example.org/dhr-k ", summary=" Missed signs ")
    assert (review.source, review.url, review.summary) == ("dhr", "https://example.org/dhr-k", "Missed signs")
    assert [t.slug for t in review.themes.all()] == ["neglect"]
    assert LogEntry.objects.get_for_object(review).count() == 1


@pytest.mark.parametrize("role", [roles.BUSINESS_GROUP, roles.BOARD_MEMBER, roles.AGENCY_ACTION_LEAD])
def test_only_crag_keeps_the_register(make_user, chair, role):
    other = make_user(role, agency=AgencyFactory())
    with pytest.raises(PermissionDenied):
        _create(other)
    review = _create(chair)
    with pytest.raises(PermissionDenied):
        register.external_recommendation_create(actor=other, review=review, text="x", agencies=[])
    with pytest.raises(PermissionDenied):
        register.local_response_record(
            actor=other, review=review, version=None, local_response="x", response_agreed_on=None
        )


def test_a_review_cannot_be_published_in_the_future(chair):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        _create(chair, published_on=tomorrow)
    assert error.value.message_dict == {"published_on": ["The date cannot be in the future."]}


def test_an_update_read_at_an_older_version_changes_nothing(chair):
    review = _create(chair)
    read = review.version
    register.external_review_update(
        actor=chair,
        review=review,
        version=read,
        source="sar",
        title="SAR: Adult K",
        published_on=date(2025, 9, 2),
    )
    with pytest.raises(EditConflict):
        register.external_review_update(
            actor=chair,
            review=review,
            version=read,
            source="dhr",
            title="Lost",
            published_on=date(2025, 9, 1),
        )
    review.refresh_from_db()
    assert (review.source, review.title, list(review.themes.all())) == ("sar", "SAR: Adult K", [])


def test_the_local_response_needs_its_text_and_is_not_agreed_before_publication(chair):
    review = _create(chair)
    with pytest.raises(ValidationError, match="Enter the local response"):
        register.local_response_record(
            actor=chair, review=review, version=None, local_response=" ", response_agreed_on=date(2025, 10, 1)
        )
    with pytest.raises(ValidationError, match="before the review was published"):
        register.local_response_record(
            actor=chair,
            review=review,
            version=None,
            local_response="Gaps",
            response_agreed_on=date(2025, 8, 1),
        )
    saved = register.local_response_record(
        actor=chair, review=review, version=None, local_response="Gaps", response_agreed_on=date(2025, 10, 1)
    )
    assert (saved.local_response, saved.response_agreed_on) == ("Gaps", date(2025, 10, 1))


def test_recommendations_are_numbered_within_their_external_review(chair):
    review, other = _create(chair), _create(chair, title="Another")
    RecommendationFactory(number=1)  # a local review's number 1 does not count
    first = register.external_recommendation_create(actor=chair, review=review, text="One", agencies=[])
    second = register.external_recommendation_create(actor=chair, review=review, text="Two", agencies=[])
    elsewhere = register.external_recommendation_create(actor=chair, review=other, text="One", agencies=[])
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    assert (second.review, second.external_review, second.source_title) == (None, review, "DHR: Adult K")


def test_crag_adds_a_review_through_the_page_and_sees_it_listed(client, chair, sign_in):
    sign_in(client, chair)
    page = client.get("/external-reviews/new/").content.decode()
    data = {
        **hidden(page),
        "source": "national_review",
        "title": "Safeguarding children with disabilities",
        **_date("published_on", date(2025, 5, 1)),
        "themes": [Theme.objects.get(slug="neglect").pk],
    }
    response = client.post("/external-reviews/new/", data)
    review = ExternalReview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/external-reviews/{review.pk}/"
    listed = client.get("/external-reviews/").content.decode()
    assert "Safeguarding children with disabilities" in listed


def test_the_add_page_says_what_is_missing_in_plain_english(client, chair, sign_in):
    sign_in(client, chair)
    future = timezone.localdate() + timedelta(days=3)
    body = client.post(
        "/external-reviews/new/", {"title": "", **_date("published_on", future)}
    ).content.decode()
    assert "Choose where the review comes from" in body
    assert "Enter the title of the external review" in body
    future_body = client.post(
        "/external-reviews/new/", {"source": "sar", "title": "SAR", **_date("published_on", future)}
    ).content.decode()
    assert "The date cannot be in the future." in future_body
    assert not ExternalReview.objects.exists()


def test_the_register_filters_by_source_and_theme_and_sorts(client, chair, sign_in):
    neglect = Theme.objects.get(slug="neglect")
    dhr = ExternalReviewFactory(source="dhr", title="B DHR", themes=[neglect], published_on=date(2025, 1, 1))
    sar = ExternalReviewFactory(source="sar", title="A SAR", published_on=date(2025, 6, 1))
    sign_in(client, chair)

    def shown(**query):
        return [r.pk for r in client.get("/external-reviews/", query).context["page"].object_list]

    assert shown() == [sar.pk, dhr.pk]
    assert shown(source="dhr") == [dhr.pk]
    assert shown(theme="neglect") == [dhr.pk]
    assert shown(sort="title") == [sar.pk, dhr.pk]
    assert shown(sort="published") == [dhr.pk, sar.pk]


def test_the_register_downloads_as_csv_with_its_recommendation_counts(client, chair, sign_in):
    review = ExternalReviewFactory(source="sar", title="SAR: Adult P")
    ExternalRecommendationFactory(external_review=review, number=1)
    ExternalReviewFactory(source="dhr", title="DHR: Adult Q")
    sign_in(client, chair)
    response = client.get("/external-reviews.csv", {"source": "sar"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert response["Content-Disposition"].endswith('external-reviews.csv"')
    assert lines[0].startswith("title,source,published by,published on")
    assert len(lines) == 2
    assert "SAR: Adult P,Safeguarding adults review" in lines[1]
    assert lines[1].split(",")[6] == "1"


def test_the_register_list_query_count_stays_flat(client, chair, sign_in, django_assert_max_num_queries):
    sign_in(client, chair)
    neglect = Theme.objects.get(slug="neglect")
    ExternalReviewFactory(themes=[neglect])
    client.get("/external-reviews/")
    from conftest import queries_for

    few = queries_for(client, "/external-reviews/")
    for _ in range(15):
        ExternalRecommendationFactory(external_review=ExternalReviewFactory(themes=[neglect]))
    with django_assert_max_num_queries(few):
        assert client.get("/external-reviews/").status_code == 200


def test_the_review_page_shows_its_response_recommendations_and_actions(client, chair, sign_in):
    review = _create(chair)
    register.local_response_record(
        actor=chair,
        review=review,
        version=None,
        local_response="No gaps in training",
        response_agreed_on=None,
    )
    recommendation = register.external_recommendation_create(
        actor=chair, review=review, text="Audit the front door", agencies=[AgencyFactory(name="Police")]
    )
    sign_in(client, chair)
    url = f"/external-reviews/recommendations/{recommendation.pk}/actions/new/"
    added = client.post(
        url,
        {
            **hidden(client.get(url).content.decode()),
            "description": "Audit 20 referrals",
            "owner_agency": recommendation.agencies.get().pk,
            **_date("due_on", date(2026, 9, 30)),
        },
    )
    assert added["Location"] == f"/external-reviews/{review.pk}/"
    action = recommendation.actions.get()
    body = client.get(f"/external-reviews/{review.pk}/").content.decode()
    for text in ("No gaps in training", "A draft: not yet agreed", "Audit the front door", "Neglect"):
        assert text in body
    assert f'href="/actions/{action.pk}/"' in body


def test_the_board_reads_the_register_but_cannot_add_to_it(client, make_user, sign_in):
    review = ExternalReviewFactory()
    recommendation = ExternalRecommendationFactory(external_review=review)
    sign_in(client, make_user(roles.BOARD_MEMBER))
    assert client.get(f"/external-reviews/{review.pk}/").status_code == 200
    assert client.get(f"/external-reviews/{review.pk}/response/").status_code == 403
    assert client.post("/external-reviews/new/", {"title": "x"}).status_code == 403
    assert (
        client.get(f"/external-reviews/recommendations/{recommendation.pk}/actions/new/").status_code == 403
    )


def test_a_local_recommendation_takes_no_action_through_the_register(client, chair, sign_in):
    local = RecommendationFactory()
    sign_in(client, chair)
    assert client.get(f"/external-reviews/recommendations/{local.pk}/actions/new/").status_code == 404
    assert client.get("/external-reviews/999999/").status_code == 404


def test_the_learning_overview_links_to_the_register(client, make_user, sign_in):
    sign_in(client, make_user(roles.BOARD_MEMBER))
    assert 'href="/external-reviews/"' in client.get("/learning/").content.decode()
