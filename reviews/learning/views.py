"""The learning from reviews: an overview, lists (filters, sorting, pages, CSV), events with their
attendance by agency, resources and commendations. Every role reads; CRAG records."""

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from crag import listing, permissions
from reviews.editing.conflicts import conflict_page
from reviews.editing.handling import actor, call_service, posted, submit
from reviews.editing.once import Once, submit_once
from reviews.learning import services as learning
from reviews.learning.forms import (
    CommendationFilterForm,
    CommendationForm,
    LearningEventFilterForm,
    LearningEventForm,
    LearningResourceFilterForm,
    LearningResourceForm,
    ResourceRecommendationsForm,
)
from reviews.models import Commendation, LearningEvent, LearningResource, Review

OVERVIEW_ITEMS = 3


def _require_edit(request: HttpRequest) -> None:
    permissions.require(bool(permissions.can_edit_learning(request.user)))


def _named(item: object) -> list[Review]:
    """The reviews an event or resource draws on that the reader may see (none if not read so)."""
    return list(getattr(item, "named_reviews", []))


def _can_edit(request: HttpRequest) -> Callable[[object], dict[str, Any]]:
    return lambda _: {"can_edit": permissions.can_edit_learning(request.user)}


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    events = learning.learning_event_list(user=user, filters={})
    resources = learning.learning_resource_list(user=user, filters={})
    commendations = learning.commendation_list(user=user, filters={})
    return render(
        request,
        "reviews/learning/overview.html",
        {
            "events": events[:OVERVIEW_ITEMS],
            "event_count": events.count(),
            "resources": resources[:OVERVIEW_ITEMS],
            "resource_count": resources.count(),
            "commendations": commendations[:OVERVIEW_ITEMS],
            "commendation_count": commendations.count(),
            "can_edit": permissions.can_edit_learning(user),
        },
    )


# --- Events -------------------------------------------------------------------------------------

EVENT_HEADER = ["ref", "title", "kind", "held on", "attendees", "attendance by agency", "themes", "reviews"]


def _event_rows(events: Iterable[LearningEvent]) -> Iterator[list[object]]:
    for event in events:
        yield [
            event.ref or "",
            event.title,
            event.get_kind_display(),
            event.held_on,
            "" if event.attendees is None else event.attendees,
            "; ".join(f"{row.agency.name}: {row.count}" for row in event.attendance.all()),
            ", ".join(theme.name for theme in event.themes.all()),
            ", ".join(review.title for review in _named(event)),
        ]


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponseBase:
    def select(filters: listing.Filters) -> QuerySet[LearningEvent]:
        events = learning.learning_event_list(user=actor(request), filters=filters)
        # The download has the attendance by agency; the page does not show it.
        return events.prefetch_related("attendance__agency") if request.GET.get("format") == "csv" else events

    return listing.list_page(
        request,
        filter_form=LearningEventFilterForm,
        select=select,
        export=listing.Export("crag-learning-events", "learning events", EVENT_HEADER, _event_rows),
        context=_can_edit(request),
        template="reviews/learning/event_list.html",
    )


def _event_form_page(request: HttpRequest, form: LearningEventForm, *, title: str, back: str) -> HttpResponse:
    if (conflict := getattr(form, "conflict", None)) is not None:  # saved by someone else meanwhile
        return conflict_page(request, conflict, back=back, form=form)
    return render(
        request,
        "reviews/learning/event_form.html",
        {"form": form, "title": title, "submit": "Save event", "back": back},
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    _require_edit(request)
    form = LearningEventForm(posted(request))
    once = Once(request, form)
    if (earlier := once.earlier()) is not None:
        return earlier
    if request.method == "POST" and form.is_valid():
        done = once.create(
            form,
            lambda: learning.learning_event_create(actor=actor(request), **form.service_data()),
            success=lambda event: f"{event.title} recorded.",
            then=lambda event: reverse("reviews:learning_event_detail", args=[event.pk]),
        )
        if done is not None:
            return done
    return _event_form_page(
        request, form, title="Record a learning event", back=reverse("reviews:learning_events")
    )


@login_required
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    event = learning.learning_event_get(user=user, pk=pk)
    reviews = [(review, permissions.can_view_review(user, review)) for review in _named(event)]
    return render(
        request,
        "reviews/learning/event_detail.html",
        {"event": event, "reviews": reviews, "can_edit": permissions.can_edit_learning(user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_edit(request)
    event = learning.learning_event_get(user=actor(request), pk=pk)
    form = LearningEventForm(posted(request), initial=LearningEventForm.initial_for(event), read=event)
    back = reverse("reviews:learning_event_detail", args=[event.pk])
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            lambda: learning.learning_event_update(actor=actor(request), event=event, **form.service_data()),
        )
        if done is not None:
            messages.success(request, f"{done.title} updated.")
            return redirect(back)
    return _event_form_page(request, form, title=f"Correct {event.title}", back=back)


# --- Resources ----------------------------------------------------------------------------------

RESOURCE_HEADER = ["title", "kind", "published on", "web address", "description", "reviews"]


def _resource_rows(resources: Iterable[LearningResource]) -> Iterator[list[object]]:
    for resource in resources:
        yield [
            resource.title,
            resource.get_kind_display(),
            resource.published_on or "",
            resource.url,
            resource.description,
            ", ".join(review.title for review in _named(resource)),
        ]


@login_required
@require_GET
def resource_list(request: HttpRequest) -> HttpResponseBase:
    return listing.list_page(
        request,
        filter_form=LearningResourceFilterForm,
        select=lambda filters: learning.learning_resource_list(user=actor(request), filters=filters),
        export=listing.Export(
            "crag-learning-resources", "learning resources", RESOURCE_HEADER, _resource_rows
        ),
        context=_can_edit(request),
        template="reviews/learning/resource_list.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def resource_recommendations(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a resource to the recommendations it comes from (of the reviews it draws on)."""
    _require_edit(request)
    resource = get_object_or_404(LearningResource, pk=pk)
    back = reverse("reviews:learning_resources")
    initial = {"recommendations": list(resource.recommendations.all())}
    return submit(
        request,
        ResourceRecommendationsForm(posted(request), initial=initial, resource=resource, read=resource),
        lambda data: learning.learning_resource_link_recommendations(
            actor=actor(request), resource=resource, **data
        ),
        success=lambda done: f"Recommendations of {done.title} saved.",
        then=lambda _: back,
        title=f"Recommendations behind {resource.title}",
        submit="Save",
        back=back,
        intro="Choose the reviews the resource draws on when you record it; their recommendations "
        "are listed here."
        if not resource.reviews.exists()
        else "",
    )


@login_required
@require_http_methods(["GET", "POST"])
def resource_create(request: HttpRequest) -> HttpResponse:
    _require_edit(request)
    back = reverse("reviews:learning_resources")
    return submit_once(
        request,
        LearningResourceForm(posted(request)),
        lambda data: learning.learning_resource_create(actor=actor(request), **data),
        success=lambda done: f"{done.title} recorded.",
        then=lambda done: (
            reverse("reviews:learning_resource_recommendations", args=[done.pk])
            if done.reviews.exists()
            else back
        ),
        title="Record a learning resource",
        submit="Save resource",
        back=back,
        intro="A poster, briefing or 7-minute guide that shares what reviews found.",
    )


# --- Commendations ------------------------------------------------------------------------------

COMMENDATION_HEADER = ["commended on", "practitioner or team", "agency", "good practice", "review"]


def _commendation_rows(commendations: Iterable[Commendation]) -> Iterator[list[object]]:
    for commendation in commendations:
        yield [
            commendation.commended_on,
            commendation.who,
            commendation.agency.name,
            commendation.what,
            review.title if (review := getattr(commendation, "named_review", None)) else "",
        ]


@login_required
@require_GET
def commendation_list(request: HttpRequest) -> HttpResponseBase:
    return listing.list_page(
        request,
        filter_form=CommendationFilterForm,
        select=lambda filters: learning.commendation_list(user=actor(request), filters=filters),
        export=listing.Export("crag-commendations", "commendations", COMMENDATION_HEADER, _commendation_rows),
        context=_can_edit(request),
        template="reviews/learning/commendation_list.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def commendation_create(request: HttpRequest) -> HttpResponse:
    _require_edit(request)
    back = reverse("reviews:learning_commendations")
    return submit_once(
        request,
        CommendationForm(posted(request)),
        lambda data: learning.commendation_create(actor=actor(request), **data),
        success=lambda done: f"Commendation of {done.who} recorded.",
        then=lambda _: back,
        title="Record a commendation",
        submit="Save commendation",
        back=back,
        intro="Good practice a review found, recognised: who, in which agency, and what they did.",
    )
