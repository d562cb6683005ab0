"""What did we learn and what changed (issue 20): for one review, and for one theme, the learning
drawn from it, what the partnership did with it (resources sent and how agencies used them,
actions completed) and what assurance found about whether practice changed.

Selectors only (these pages change nothing). Everything is read through the rows the reader may
see: the reviews a reader may name (reviews.casework.selectors.reviews_named_to: an out-of-scope
review is 404, not a refusal), the actions of the action plan they may see (an agency action lead
their own agency's), and the resources sent and their use by `.restrict(user)` (an agency action
lead their own agency's). Each page is a fixed number of queries however many records there are.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from crag import permissions
from crag.models import User
from reviews.casework import selectors
from reviews.choices import ActionStatus
from reviews.models import (
    Action,
    AssuranceActivity,
    Commendation,
    Dissemination,
    ExternalReview,
    LearningEvent,
    LearningResource,
    Recommendation,
    ResourceUse,
    Review,
    Theme,
)

DONE = (ActionStatus.COMPLETE, ActionStatus.CLOSED)


@dataclass(frozen=True)
class Changes:
    """What was learned (learning events, commendations), what was done (resources sent and
    used, actions completed) and what changed (assurance findings) for a review or a theme."""

    events: list[LearningEvent]
    resources: list[LearningResource]
    assurance: list[AssuranceActivity]
    commendations: list[Commendation]
    actions_done: list[Action]

    @property
    def sent(self) -> int:
        """Resources sent: one for each agency a resource went to (that the reader may see)."""
        return sum(len(getattr(r, "sent", [])) for r in self.resources)

    @property
    def used(self) -> int:
        return sum(len(getattr(d, "used", [])) for r in self.resources for d in getattr(r, "sent", []))

    @property
    def completed_assurance(self) -> list[AssuranceActivity]:
        return [a for a in self.assurance if a.is_complete]


@dataclass(frozen=True)
class ReviewChanges:
    review: Review
    recommendations: list[Recommendation]
    changes: Changes


@dataclass(frozen=True)
class ThemeChanges:
    theme: Theme
    reviews: Sequence[Review]
    external_reviews: Sequence[ExternalReview]
    changes: Changes


# --- the parts both pages share -----------------------------------------------------------------


def _visible_actions(user: User) -> "Prefetch[Any, Any, Any]":
    actions = Action.objects.restrict(user).select_related("owner_agency").order_by("due_on", "id")
    return Prefetch("actions", queryset=actions, to_attr="visible_actions")


def _recommendations(user: User) -> QuerySet[Recommendation]:
    """Recommendations with the actions the reader may see and the assurance that tests them."""
    return Recommendation.objects.order_by("number", "id").prefetch_related(
        "agencies",
        _visible_actions(user),
        Prefetch(
            "assurance_activities",
            queryset=AssuranceActivity.objects.order_by("-planned_on", "-id"),
            to_attr="tested_by",
        ),
    )


def _resources(user: User, found: Q) -> list[LearningResource]:
    """The resources matching `found`, each with where it was sent (`sent`) and each agency's
    use of it (`used`), both narrowed to what the reader may see."""
    uses = ResourceUse.objects.restrict(user).order_by("used_from", "id")
    sent = (
        Dissemination.objects.restrict(user)
        .select_related("agency")
        .prefetch_related(Prefetch("uses", queryset=uses, to_attr="used"))
        .order_by("sent_on", "agency__name", "id")
    )
    ids = LearningResource.objects.filter(found).values("pk")
    resources = LearningResource.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("disseminations", queryset=sent, to_attr="sent")
    )
    return list(resources.order_by("-published_on", "title", "id"))


def _assurance(found: Q) -> list[AssuranceActivity]:
    ids = AssuranceActivity.objects.filter(found).values("pk")
    activities = AssuranceActivity.objects.filter(pk__in=ids).prefetch_related("agencies", "themes")
    return list(activities.order_by("-planned_on", "-id"))


def _events(found: Q) -> list[LearningEvent]:
    ids = LearningEvent.objects.filter(found).values("pk")
    return list(
        LearningEvent.objects.filter(pk__in=ids).prefetch_related("themes").order_by("-held_on", "-id")
    )


def _done(recommendations: list[Recommendation]) -> list[Action]:
    done = [a for r in recommendations for a in getattr(r, "visible_actions", []) if a.status in DONE]
    return sorted(done, key=lambda a: (a.completed_on or a.due_on, a.pk))


# --- one review ---------------------------------------------------------------------------------


def review_changes(*, user: User, pk: int) -> ReviewChanges:
    """What a review taught and what changed; 404 for a review the reader may not name."""
    permissions.require(permissions.can_view_learning(user))
    reviews = selectors.reviews_named_to(user=user).prefetch_related(
        "themes", Prefetch("recommendations", queryset=_recommendations(user), to_attr="recs")
    )
    review = reviews.filter(pk=pk).first()
    if review is None:
        raise Http404
    recommendations: list[Recommendation] = review.recs
    changes = Changes(
        events=_events(Q(reviews=review)),
        resources=_resources(user, Q(reviews=review) | Q(recommendations__review=review)),
        assurance=_assurance(Q(recommendations__review=review)),
        commendations=list(review.commendations.select_related("agency").order_by("-commended_on", "-id")),
        actions_done=_done(recommendations),
    )
    return ReviewChanges(review=review, recommendations=recommendations, changes=changes)


# --- one theme ----------------------------------------------------------------------------------


def theme_changes(*, user: User, slug: str) -> ThemeChanges:
    """What the reviews of a theme the reader may name, and the external reviews of that theme,
    taught and what changed; 404 for a theme that does not exist."""
    permissions.require(permissions.can_view_learning(user))
    theme = get_object_or_404(Theme, slug=slug)
    reviews = list(
        selectors.reviews_named_to(user=user)
        .filter(themes=theme)
        .prefetch_related(Prefetch("recommendations", queryset=_recommendations(user), to_attr="recs"))
        .order_by("-decision_on", "title", "id")
    )
    external = list(
        ExternalReview.objects.filter(themes=theme)
        .prefetch_related(Prefetch("recommendations", queryset=_recommendations(user), to_attr="recs"))
        .order_by("-published_on", "title", "id")
    )
    review_ids = [r.pk for r in reviews]
    external_ids = [e.pk for e in external]
    of_recommendations = Q(recommendations__review__in=review_ids) | Q(
        recommendations__external_review__in=external_ids
    )
    recommendations = [rec for source in [*reviews, *external] for rec in source.recs]  # type: ignore[attr-defined]
    changes = Changes(
        events=_events(Q(themes=theme) | Q(reviews__in=review_ids)),
        resources=_resources(user, Q(reviews__in=review_ids) | of_recommendations),
        assurance=_assurance(Q(themes=theme) | of_recommendations),
        commendations=list(
            Commendation.objects.filter(review__in=review_ids)
            .select_related("agency")
            .order_by("-commended_on", "-id")
        ),
        actions_done=_done(recommendations),
    )
    return ThemeChanges(theme=theme, reviews=reviews, external_reviews=external, changes=changes)


def theme_index(*, user: User) -> QuerySet[Theme]:
    """Every theme that any record uses, or that is active, with how many reviews the reader may
    name (`review_count`), external reviews (`external_count`) and assurance activities
    (`assurance_count`) carry it."""
    permissions.require(permissions.can_view_learning(user))
    named = selectors.reviews_named_to(user=user).values("pk")
    themes = Theme.objects.annotate(
        review_count=Count("reviews", filter=Q(reviews__in=named), distinct=True),
        external_count=Count("external_reviews", distinct=True),
        assurance_count=Count("assurance_activities", distinct=True),
    )
    used = Q(review_count__gt=0) | Q(external_count__gt=0) | Q(assurance_count__gt=0)
    return themes.filter(used | Q(active=True)).order_by("name")
