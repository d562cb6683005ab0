"""Every write to the register of external reviews (CONVENTIONS.md): keyword-only, atomic,
validated, audited by django-auditlog (registered in reviews/apps.py).

An external review's recommendation is a Recommendation with `external_review` set, so its actions
are made by reviews.actions.services.action_create and then rated, closed and reminded exactly as a
local review's are. Keeping the register is CRAG's work.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from crag import audit_entries, permissions
from crag.models import Agency, User
from reviews import validation
from reviews.editing import versions
from reviews.models import ExternalReview, Recommendation, Theme

NEEDS_TITLE = "Enter the title of the external review."
NEEDS_RESPONSE = "Enter the local response: how local practice compares with the review's findings."
NEEDS_AGREED_ON = "Enter the date the local response was agreed."


def _check_dates(**dates: date | None) -> None:
    future = validation.future_dates(dates)
    if future:
        raise ValidationError(future)


def _save(review: ExternalReview, themes: Iterable[Theme]) -> ExternalReview:
    if not review.title.strip():
        raise ValidationError({"title": NEEDS_TITLE})
    review.full_clean()
    with audit_entries.one_entry(review, m2m=("themes",)):
        review.save()
        review.themes.set(list(themes))
    return review


@transaction.atomic
def external_review_create(
    *,
    actor: User,
    source: str,
    title: str,
    author: str = "",
    published_on: date,
    url: str = "",
    summary: str = "",
    themes: Iterable[Theme] = (),
) -> ExternalReview:
    """Add a review from outside the partnership to the register (CRAG)."""
    permissions.require(bool(permissions.can_edit_external_reviews(actor)))
    _check_dates(published_on=published_on)
    review = ExternalReview(
        source=source,
        title=title.strip(),
        author=author.strip(),
        published_on=published_on,
        url=url.strip(),
        summary=summary.strip(),
    )
    return _save(review, themes)


@transaction.atomic
def external_review_update(
    *,
    actor: User,
    review: ExternalReview,
    version: int | None,
    source: str,
    title: str,
    author: str = "",
    published_on: date,
    url: str = "",
    summary: str = "",
    themes: Iterable[Theme] = (),
) -> ExternalReview:
    """Correct an external review's details (not its local response: local_response_record)."""
    permissions.require(bool(permissions.can_edit_external_reviews(actor)))
    _check_dates(published_on=published_on)
    versions.claim(review, version)
    review = ExternalReview.objects.select_for_update().get(pk=review.pk)
    review.source, review.title, review.author = source, title.strip(), author.strip()
    review.published_on, review.url, review.summary = published_on, url.strip(), summary.strip()
    return _save(review, themes)


@transaction.atomic
def local_response_record(
    *,
    actor: User,
    review: ExternalReview,
    version: int | None,
    local_response: str,
    response_agreed_on: date | None,
) -> ExternalReview:
    """Record the local response (a gap analysis against local practice) and the date it was
    agreed; a date needs the response it agrees."""
    permissions.require(bool(permissions.can_edit_external_reviews(actor)))
    local_response = local_response.strip()
    if response_agreed_on is not None and not local_response:
        raise ValidationError({"local_response": NEEDS_RESPONSE})
    _check_dates(response_agreed_on=response_agreed_on)
    versions.claim(review, version)
    review = ExternalReview.objects.select_for_update().get(pk=review.pk)
    if response_agreed_on is not None and response_agreed_on < review.published_on:
        raise ValidationError(
            {
                "response_agreed_on": "The local response cannot be agreed before the review was published "
                f"({review.published_on:%-d %B %Y})."
            }
        )
    review.local_response, review.response_agreed_on = local_response, response_agreed_on
    review.full_clean()
    with audit_entries.one_entry(review):
        review.save()
    return review


@transaction.atomic
def external_recommendation_create(
    *, actor: User, review: ExternalReview, text: str, agencies: Iterable[Agency]
) -> Recommendation:
    """Add the external review's next numbered recommendation (its actions go on the action plan
    through reviews.actions.services.action_create)."""
    permissions.require(bool(permissions.can_edit_external_reviews(actor)))
    if not text.strip():
        raise ValidationError({"text": "Enter the recommendation."})
    ExternalReview.objects.select_for_update().get(pk=review.pk)  # numbers are given one at a time
    highest = Recommendation.objects.filter(external_review=review).aggregate(n=Max("number"))["n"]
    recommendation = Recommendation(external_review=review, number=(highest or 0) + 1, text=text.strip())
    recommendation.full_clean()
    with audit_entries.one_entry(recommendation, m2m=("agencies",)):
        recommendation.save()
        recommendation.agencies.set(list(agencies))
    return recommendation
