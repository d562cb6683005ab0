"""Reads of the register of external reviews: every role reads it (can_view_external_reviews);
the actions shown on a review's page link to the action page only where the reader may open it."""

from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from crag import permissions
from crag.models import User
from reviews.actions import selectors as action_selectors
from reviews.models import Action, ExternalReview, Recommendation

EXTERNAL_REVIEW_SORTS = {
    "-published": ("-published_on", "title", "id"),
    "published": ("published_on", "title", "id"),
    "title": ("title", "id"),
    "source": ("source", "-published_on", "id"),
}


def external_review_list(*, user: User, filters: dict[str, Any]) -> QuerySet[ExternalReview]:
    """The register, filtered by source and theme, newest first unless another order is chosen;
    each review counts its recommendations (`recommendation_count`)."""
    permissions.require(bool(permissions.can_view_external_reviews(user)))
    reviews = ExternalReview.objects.prefetch_related("themes").annotate(
        recommendation_count=Count("recommendations", distinct=True)
    )
    if filters.get("source"):
        reviews = reviews.filter(source=filters["source"])
    if filters.get("theme"):
        reviews = reviews.filter(themes=filters["theme"])
    sort = EXTERNAL_REVIEW_SORTS.get(filters.get("sort") or "-published", EXTERNAL_REVIEW_SORTS["-published"])
    return reviews.order_by(*sort)


def external_review_get(*, user: User, pk: int) -> ExternalReview:
    """One external review with its themes, and its recommendations with their agencies and actions
    in number order; 404 when there is none."""
    permissions.require(bool(permissions.can_view_external_reviews(user)))
    actions = Action.objects.select_related("owner_agency").order_by("due_on", "id")
    recommendations = Recommendation.objects.order_by("number").prefetch_related(
        "agencies", Prefetch("actions", queryset=actions)
    )
    with_recommendations = Prefetch("recommendations", queryset=recommendations)
    review = ExternalReview.objects.prefetch_related("themes", with_recommendations).filter(pk=pk).first()
    if review is None:
        raise Http404
    return review


def external_recommendation_get(*, user: User, pk: int) -> Recommendation:
    """One external review's recommendation (a local review's is 404 here)."""
    permissions.require(bool(permissions.can_view_external_reviews(user)))
    recommendation = (
        Recommendation.objects.select_related("external_review")
        .filter(pk=pk, external_review__isnull=False)
        .first()
    )
    if recommendation is None:
        raise Http404
    return recommendation


def actions_open_to(*, user: User, review: ExternalReview) -> set[int]:
    """The ids of the review's actions whose page the user may open (those action_get answers)."""
    mine = action_selectors.action_list(user=user, filters={}, today=date.min)
    return set(mine.filter(recommendation__external_review=review).values_list("pk", flat=True))
