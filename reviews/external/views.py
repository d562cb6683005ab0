"""The register of external reviews: every role reads it; CRAG keeps it, records the local
response, and gives the reviews' recommendations their actions on the one action plan."""

from collections.abc import Iterable, Iterator

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from crag import listing, permissions
from reviews.actions.views import action_form_page
from reviews.editing.handling import actor, posted, submit
from reviews.editing.once import submit_once
from reviews.external import selectors, services
from reviews.external.forms import (
    ExternalRecommendationForm,
    ExternalReviewFilterForm,
    ExternalReviewForm,
    LocalResponseForm,
)
from reviews.models import ExternalReview

CSV_HEADER = [
    "title",
    "source",
    "published by",
    "published on",
    "web address",
    "themes",
    "recommendations",
    "local response agreed on",
]


def _csv_rows(reviews: Iterable[ExternalReview]) -> Iterator[list[object]]:
    for r in reviews:
        yield [
            r.title,
            r.get_source_display(),
            r.author,
            r.published_on,
            r.url,
            ", ".join(theme.name for theme in r.themes.all()),
            r.recommendation_count,  # type: ignore[attr-defined]
            r.response_agreed_on or "",
        ]


EXPORT = listing.Export("external-reviews", "external reviews", CSV_HEADER, _csv_rows)


def _require_edit(request: HttpRequest) -> None:
    permissions.require(bool(permissions.can_edit_external_reviews(request.user)))


@login_required
@require_GET
def external_review_list(request: HttpRequest) -> HttpResponseBase:
    user = actor(request)
    return listing.list_page(
        request,
        filter_form=ExternalReviewFilterForm,
        select=lambda filters: selectors.external_review_list(user=user, filters=filters),
        context=lambda _: {"can_edit": bool(permissions.can_edit_external_reviews(user))},
        template="reviews/external/external_review_list.html",
    )


@login_required
@require_GET
def external_review_list_csv(request: HttpRequest) -> HttpResponseBase:
    user = actor(request)
    form = ExternalReviewFilterForm(request.GET or None)
    items = selectors.external_review_list(user=user, filters=listing.filters_from(form))
    return EXPORT.response(request, items, "csv")


@login_required
@require_http_methods(["GET", "POST"])
def external_review_create(request: HttpRequest) -> HttpResponse:
    _require_edit(request)
    return submit_once(
        request,
        ExternalReviewForm(posted(request)),
        lambda data: services.external_review_create(actor=actor(request), **data),
        success=lambda done: f"{done.title} added to the register.",
        then=lambda done: reverse("reviews:external_review_detail", args=[done.pk]),
        title="Add an external review",
        submit="Add to the register",
        back=reverse("reviews:external_review_list"),
        intro="A national review or thematic report of the Panel, a domestic abuse related death review, "
        "a safeguarding adults review or another partnership's review with local relevance.",
    )


@login_required
@require_GET
def external_review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    review = selectors.external_review_get(user=user, pk=pk)
    return render(
        request,
        "reviews/external/external_review_detail.html",
        {
            "review": review,
            "can_edit": bool(permissions.can_edit_external_reviews(user)),
            "openable_actions": selectors.actions_open_to(user=user, review=review),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def external_review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.external_review_get(user=actor(request), pk=pk)
    _require_edit(request)
    back = reverse("reviews:external_review_detail", args=[review.pk])
    return submit(
        request,
        ExternalReviewForm(posted(request), initial=ExternalReviewForm.initial_for(review), read=review),
        lambda data: services.external_review_update(actor=actor(request), review=review, **data),
        success=lambda done: f"{done.title} updated.",
        then=lambda _: back,
        title=f"Correct {review.title}",
        submit="Save",
        back=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def local_response(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.external_review_get(user=actor(request), pk=pk)
    _require_edit(request)
    back = reverse("reviews:external_review_detail", args=[review.pk])
    initial = {"local_response": review.local_response, "response_agreed_on": review.response_agreed_on}
    return submit(
        request,
        LocalResponseForm(posted(request), initial=initial, read=review),
        lambda data: services.local_response_record(actor=actor(request), review=review, **data),
        success=lambda _: "Local response saved.",
        then=lambda _: back,
        title=f"Local response to {review.title}",
        submit="Save the local response",
        back=back,
        intro="A gap analysis against local practice: what the review found, what is in place here, "
        "and what is not. Its recommendations and actions go on the action plan.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def external_recommendation_create(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.external_review_get(user=actor(request), pk=pk)
    _require_edit(request)
    back = reverse("reviews:external_review_detail", args=[review.pk])
    return submit_once(
        request,
        ExternalRecommendationForm(posted(request)),
        lambda data: services.external_recommendation_create(actor=actor(request), review=review, **data),
        success=lambda done: f"Recommendation {done.number} added.",
        then=lambda _: back,
        title=f"Add a recommendation to {review.title}",
        submit="Add recommendation",
        back=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def external_action_create(request: HttpRequest, pk: int) -> HttpResponse:
    """An action on an external review's recommendation: the local review's form and service."""
    recommendation = selectors.external_recommendation_get(user=actor(request), pk=pk)
    _require_edit(request)
    back = reverse("reviews:external_review_detail", args=[recommendation.external_review_id])
    return action_form_page(request, recommendation, back=back)
