"""The learning pages and their CSVs name a review only to a reader who may see it (issue 12, 5g):
CRAG and the Business Group every review, an Independent reviewer the review assigned to them, a
Board member published reviews, an agency action lead the reviews their agency's actions come from
(DESIGN.md section 1)."""

import csv
import io
from datetime import date

import pytest
from django.test import Client

from conftest import queries_for
from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.actions import services as action_plans
from reviews.learning import services as learning
from reviews.models import Commendation, LearningEvent, LearningResource, Recommendation, Review

HELD = date(2025, 10, 7)
TITLES = {
    "published": "Review Papa",
    "assigned": "Review Uniform",
    "police": "Review Lima",
    "health": "Review Hotel",
}
EVERY = set(TITLES)
SEES = {
    roles.PARTNERSHIP_ADMIN: EVERY,
    roles.CRAG_CHAIR: EVERY,
    roles.CRAG_MEMBER: EVERY,
    roles.BUSINESS_GROUP: EVERY,
    roles.INDEPENDENT_REVIEWER: {"assigned"},
    roles.BOARD_MEMBER: {"published"},
    roles.AGENCY_ACTION_LEAD: {"police"},
}


@pytest.fixture
def world(make_user, themes):
    police, health = AgencyFactory(name="Wessex Police"), AgencyFactory(name="Wessex Health")
    chair = make_user(roles.CRAG_CHAIR)
    reviewer = make_user(roles.INDEPENDENT_REVIEWER)
    reviews = {
        key: Review.objects.create(kind="cspr", title=title, decision_on=date(2025, 1, 6))
        for key, title in TITLES.items()
    }
    Review.objects.filter(pk=reviews["published"].pk).update(
        status="published", signed_off_on=date(2025, 5, 1), published_on=date(2025, 6, 2)
    )
    Review.objects.filter(pk=reviews["assigned"].pk).update(reviewer=reviewer)
    recommendations = {}
    for key, agency in (("police", police), ("health", health)):
        recommendations[key] = action_plans.recommendation_create(
            actor=chair, review=reviews[key], text=f"Recommendation of {key}", agencies=[agency]
        )
        action_plans.action_create(
            actor=chair,
            recommendation=recommendations[key],
            description=f"Action of {key}",
            owner_agency=agency,
            due_on=date(2026, 3, 31),
        )
    event = learning.learning_event_create(
        actor=chair, kind="workshop", title="Exploitation workshop", held_on=HELD, reviews=reviews.values()
    )
    learning.learning_resource_create(
        actor=chair,
        kind="poster",
        title="Front door poster",
        published_on=HELD,
        reviews=reviews.values(),
        recommendations=recommendations.values(),
    )
    for key, review in reviews.items():
        learning.commendation_create(
            actor=chair, who=f"Team {key}", agency=police, what="Good", commended_on=HELD, review=review
        )
    people = {role: make_user(role) for role in roles.ALL_ROLES if role != roles.INDEPENDENT_REVIEWER}
    people[roles.INDEPENDENT_REVIEWER] = reviewer
    people[roles.AGENCY_ACTION_LEAD] = make_user(roles.AGENCY_ACTION_LEAD, agency=police)
    return {"event": event, "people": people}


def named(text):
    return {key for key, title in TITLES.items() if title in text}


def csv_text(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_learning_pages_name_only_the_reviews_the_reader_may_see(world, sign_in, role):
    client = sign_in(Client(), world["people"][role])

    for url in (
        f"/learning/events/{world['event'].pk}/",
        "/learning/resources/",
        "/learning/commendations/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert named(response.content.decode()) == SEES[role], url


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_learning_csvs_name_only_the_reviews_the_reader_may_see(world, sign_in, role):
    client = sign_in(Client(), world["people"][role])

    for url in ("/learning/events/", "/learning/resources/", "/learning/commendations/"):
        text = csv_text(client.get(url, {"format": "csv"}))
        assert named(text) == SEES[role], url
        assert len(list(csv.reader(io.StringIO(text)))) > 1, url


def test_a_commendation_from_a_review_the_reader_may_not_see_says_so(world, sign_in):
    board = sign_in(Client(), world["people"][roles.BOARD_MEMBER])

    page = board.get("/learning/commendations/").content.decode()
    rows = list(csv.DictReader(io.StringIO(csv_text(board.get("/learning/commendations/?format=csv")))))

    assert page.count("A review you cannot see") == 3
    assert sorted(row["review"] for row in rows) == ["", "", "", TITLES["published"]]


def grow(world, count):
    """More events, resources and commendations, each naming every review (bulk: about queries)."""
    reviews = list(Review.objects.filter(title__in=TITLES.values()))
    recommendations = list(Recommendation.objects.filter(review__in=reviews))
    events = LearningEvent.objects.bulk_create(
        LearningEvent(kind="workshop", title=f"Event {n}", held_on=HELD) for n in range(count)
    )
    LearningEvent.reviews.through.objects.bulk_create(
        LearningEvent.reviews.through(learningevent=e, review=r) for e in events for r in reviews
    )
    resources = LearningResource.objects.bulk_create(
        LearningResource(kind="poster", title=f"Poster {n}", published_on=HELD) for n in range(count)
    )
    LearningResource.reviews.through.objects.bulk_create(
        LearningResource.reviews.through(learningresource=x, review=r) for x in resources for r in reviews
    )
    LearningResource.recommendations.through.objects.bulk_create(
        LearningResource.recommendations.through(learningresource=x, recommendation=r)
        for x in resources
        for r in recommendations
    )
    agency = world["people"][roles.AGENCY_ACTION_LEAD].agency
    Commendation.objects.bulk_create(
        Commendation(who=f"Team {n}", agency=agency, what="Good", commended_on=HELD, review=reviews[n % 4])
        for n in range(count)
    )


@pytest.mark.parametrize(
    "role", [roles.CRAG_MEMBER, roles.INDEPENDENT_REVIEWER, roles.AGENCY_ACTION_LEAD, roles.BOARD_MEMBER]
)
def test_naming_only_the_reviews_a_reader_may_see_keeps_the_query_count_flat(world, sign_in, role):
    client = sign_in(Client(), world["people"][role])
    urls = [
        f"/learning/events/{world['event'].pk}/",
        "/learning/",
        *(
            f"/learning/{part}/{query}"
            for part in ("events", "resources", "commendations")
            for query in ("", "?format=csv")
        ),
    ]
    grow(world, 10)
    for url in urls:
        client.get(url)  # once-per-process lookups (content types, sessions) are not rows
    with_10 = {url: queries_for(client, url) for url in urls}
    grow(world, 990)

    assert {url: queries_for(client, url) for url in urls} == with_10
