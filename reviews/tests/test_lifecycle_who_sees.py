"""Who sees a review in its lifecycle: the independent reviewer only theirs, pseudonymised, and
its narrative but not its cost; a board member only published reviews."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from reviews.casework import record as review_record
from reviews.tests.lifecycle_records import S, make_review, people

__all__ = ["people"]  # fixtures


@pytest.mark.django_db
def test_an_independent_reviewer_sees_only_their_review_pseudonymised(people, sign_in):
    mine, other = make_review(), make_review()
    review_record.review_assign_reviewer(actor=people["chair"], review=mine, reviewer=people["reviewer"])
    client = sign_in(Client(), people["reviewer"])
    listing = client.get("/reviews/").content.decode()
    assert mine.title in listing
    assert other.title not in listing
    page = client.get(f"/reviews/{mine.pk}/")
    assert page.status_code == 200
    assert "Amy Example" not in page.content.decode()
    assert client.get(f"/reviews/{other.pk}/").status_code == 404
    assert client.get(f"/reviews/{mine.pk}/status/commissioned/").status_code == 403


@pytest.mark.django_db
def test_the_reviewer_edits_the_narrative_but_not_the_cost(people):
    review = make_review()
    review_record.review_assign_reviewer(actor=people["chair"], review=review, reviewer=people["reviewer"])
    done = review_record.review_update_record(
        actor=people["reviewer"],
        review=review,
        terms_of_reference="Scope: the year before the incident",
        family_engagement="invited",
        cost_gbp=1,
        title="Renamed",
    )
    assert (done.terms_of_reference, done.family_engagement) == (
        "Scope: the year before the incident",
        "invited",
    )
    assert (done.cost_gbp, done.title) == (None, review.title)
    with pytest.raises(PermissionDenied):
        review_record.review_update_record(actor=people["other_reviewer"], review=review, methodology="x")


@pytest.mark.django_db
def test_a_board_member_sees_published_reviews_only(people, sign_in):
    published = make_review(S.PUBLISHED, published_on=date(2026, 4, 1))
    unpublished = make_review(S.IN_PROGRESS)
    client = sign_in(Client(), people["board"])
    assert client.get(f"/reviews/{published.pk}/").status_code == 200
    assert client.get(f"/reviews/{unpublished.pk}/").status_code == 404
    assert unpublished.title not in client.get("/reviews/").content.decode()
    assert sign_in(Client(), people["lead"]).get("/reviews/").status_code == 403
