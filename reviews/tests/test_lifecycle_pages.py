"""The review lifecycle through the pages: transitions in the browser, the chair's dashboard, the
review list, and query counts that stay flat."""

from datetime import date

import pytest
from django.test import Client

from conftest import queries_for
from reviews.casework import lifecycle
from reviews.models import ParallelProcess, Review
from reviews.tests.lifecycle_records import S, make_review, people
from reviews.tests.test_lost_updates import hidden

__all__ = ["people"]  # fixtures


@pytest.mark.django_db
def test_pausing_in_the_browser_records_the_process_and_shows_on_the_timeline(people, sign_in):
    review = make_review(S.IN_PROGRESS)
    client = sign_in(Client(), people["member"])
    url = f"/reviews/{review.pk}/pause/"
    response = client.post(
        url,
        {
            **hidden(client.get(url).content.decode()),
            "kind": "inquest",
            "started_on_0": "2",
            "started_on_1": "2",
            "started_on_2": "2026",
            "notes": "Inquest opened and adjourned",
            "blocks": ["blocks_practitioner_interviews"],
        },
    )
    assert response.status_code == 302
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    for words in ("Inquest began", "Paused", "practitioner interviews"):
        assert words in page


@pytest.mark.django_db
def test_a_bad_transition_post_changes_nothing_and_says_why(people, sign_in):
    review = make_review(S.SCOPING)
    client = sign_in(Client(), people["member"])
    url = f"/reviews/{review.pk}/status/commissioned/"
    response = client.post(
        url, {**hidden(client.get(url).content.decode()), "on_0": "6", "on_1": "1", "on_2": "2026"}
    )
    assert response.status_code == 200
    assert "Assign the independent reviewer" in response.content.decode()
    assert Review.objects.get(pk=review.pk).status == S.SCOPING
    assert client.get(f"/reviews/{review.pk}/status/no-such-status/").status_code == 404


@pytest.mark.django_db
def test_the_chairs_dashboard_shows_paused_reviews_and_why(people, sign_in):
    review = make_review(S.IN_PROGRESS)
    lifecycle.review_pause(
        actor=people["chair"],
        review=review,
        kind="inquest",
        started_on=date(2026, 2, 1),
        note="x",
        blocks_publication=True,
    )
    page = sign_in(Client(), people["chair"]).get("/").content.decode()
    assert f"{review.title}, paused: Inquest (holds up publication)" in page


@pytest.mark.django_db
def test_the_review_list_filters_and_exports(people, sign_in):
    paused = make_review(S.PAUSED)
    make_review(S.IN_PROGRESS)
    client = sign_in(Client(), people["member"])
    page = client.get("/reviews/?status=paused").content.decode()
    assert "1 review" in page
    assert paused.title in page
    csv = client.get("/reviews/?status=paused&format=csv").getvalue().decode()
    assert csv.lstrip("\ufeff").startswith("title,kind,status")
    assert len(csv.strip().splitlines()) == 2


@pytest.mark.django_db
def test_review_pages_query_counts_stay_flat_as_reviews_grow(people, sign_in):
    client = sign_in(Client(), people["chair"])

    def grow(n: int) -> None:
        Review.objects.bulk_create(
            Review(kind="cspr", title=f"Bulk {i}", decision_on=date(2025, 1, 1), status=S.PAUSED)
            for i in range(Review.objects.count(), n)
        )
        ParallelProcess.objects.bulk_create(
            ParallelProcess(review=r, kind="inquest", started_on=date(2025, 2, 1))
            for r in Review.objects.filter(parallel_processes__isnull=True)
        )

    grow(10)
    client.get("/")  # the first request of a session records it
    small = {url: queries_for(client, url) for url in ("/reviews/", "/", "/reviews/?past_target=on")}
    grow(1000)
    large = {url: queries_for(client, url) for url in small}
    assert large == small, (small, large)
