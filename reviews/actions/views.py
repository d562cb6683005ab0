"""Reviews' recommendations and the action plans: agency leads update their own agency's actions;
the Business Group rates and closes them."""

from collections.abc import Iterable, Iterator

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from crag import listing, permissions
from reviews.actions import selectors
from reviews.actions import services as action_plans
from reviews.actions.forms import (
    ActionFilterForm,
    ActionForm,
    ActionProgressForm,
    CloseActionForm,
    RateForm,
    RecommendationForm,
)
from reviews.casework import documents
from reviews.casework import selectors as casework_selectors
from reviews.casework.forms import PublicationForm
from reviews.editing.handling import actor, posted, submit
from reviews.editing.once import submit_once
from reviews.models import Action, Recommendation


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_create(request: HttpRequest, pk: int) -> HttpResponse:
    review = casework_selectors.review_get(user=actor(request), pk=pk)
    permissions.require(bool(permissions.can_edit_review_record(request.user, review)))
    back = reverse("reviews:review_detail", args=[review.pk])
    return submit_once(
        request,
        RecommendationForm(posted(request)),
        lambda data: action_plans.recommendation_create(actor=actor(request), review=review, **data),
        success=lambda done: f"Recommendation {done.number} added.",
        then=lambda _: back,
        title=f"Add a recommendation to {review.title}",
        submit="Add recommendation",
        back=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_publication(request: HttpRequest, pk: int) -> HttpResponse:
    review = casework_selectors.review_get(user=actor(request), pk=pk)
    permissions.require(bool(permissions.can_do_crag_work(request.user)))
    initial = {f: getattr(review, f) for f in action_plans.PUBLICATION_FIELDS}
    back = reverse("reviews:review_detail", args=[review.pk])
    return submit(
        request,
        PublicationForm(posted(request), initial=initial, read=review),
        lambda data: action_plans.review_record_publication(actor=actor(request), review=review, **data),
        success=lambda _: "Publication recorded.",
        then=lambda _: back,
        title=f"Publication of {review.title}",
        submit="Save",
        back=back,
        warnings=documents.prepublication_check(review),
        intro="The final report goes to the Panel, the Secretary of State and Ofsted at least 7 working days "
        "before publication, and stays on the website for at least a year.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("review"), pk=pk, review__isnull=False
    )
    # (an external review's recommendation takes its actions on the register's pages)
    review = casework_selectors.review_get(user=actor(request), pk=recommendation.review_id or 0)
    permissions.require(bool(permissions.can_do_crag_work(request.user)))
    return action_form_page(request, recommendation, back=reverse("reviews:review_detail", args=[review.pk]))


def action_form_page(request: HttpRequest, recommendation: Recommendation, *, back: str) -> HttpResponse:
    """The action form on a recommendation, a local review's or an external review's (the caller
    found it and checked who may add): either way the action joins the one action plan."""
    return submit_once(
        request,
        ActionForm(posted(request)),
        lambda data: action_plans.action_create(actor=actor(request), recommendation=recommendation, **data),
        success=lambda done: f"Action added for {done.owner_agency}.",
        then=lambda _: back,
        title=f"Add an action to recommendation {recommendation.number}",
        submit="Add action",
        back=back,
        intro=recommendation.text,
    )


ACTION_HEADER = [
    "review",
    "recommendation",
    "action",
    "agency",
    "owner",
    "due",
    "status",
    "RAG",
    "completed",
    "evidence of impact",
    "source",
]


def _csv_rows(actions: Iterable[Action]) -> Iterator[list[object]]:
    for a in actions:
        yield [
            a.recommendation.source_title,
            a.recommendation.number,
            a.description,
            a.owner_agency.name,
            a.owner_name,
            a.due_on,
            a.get_status_display(),
            a.get_rag_display(),
            a.completed_on or "",
            a.evidence,
            a.recommendation.source_label,
        ]


@login_required
@require_GET
def action_list(request: HttpRequest) -> HttpResponseBase:
    user = actor(request)
    permissions.require(bool(permissions.can_view_action_plan(user)))
    today = timezone.localdate()
    return listing.list_page(
        request,
        filter_form=ActionFilterForm,
        select=lambda filters: selectors.action_list(user=user, filters=filters, today=today),
        export=listing.Export(
            "crag-action-plan", "action plan", ACTION_HEADER, _csv_rows, xlsx_title="Action plan"
        ),
        context=lambda actions: {
            "today": today,
            "summary": selectors.action_summary(actions=actions, today=today),
            "own_only": not permissions.can_see_all_actions(user),
        },
        template="reviews/action_list.html",
    )


@login_required
@require_GET
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get(user=actor(request), pk=pk)
    return render(
        request,
        "reviews/action_detail.html",
        {
            "action": action,
            "can_rate": permissions.can_rate_actions(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_progress(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get(user=actor(request), pk=pk)
    initial = {"status": action.status, "completed_on": action.completed_on, "evidence": action.evidence}
    back = reverse("reviews:action_detail", args=[action.pk])
    return submit_once(
        request,
        ActionProgressForm(posted(request), initial=initial, read=action),
        lambda data: action_plans.action_record_progress(actor=actor(request), action=action, **data),
        success=lambda _: "Progress recorded.",
        then=lambda _: back,
        title="Record progress",
        submit="Save progress",
        back=back,
        intro=action.description,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_rate(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get(user=actor(request), pk=pk)
    permissions.require(bool(permissions.can_rate_actions(request.user)))
    back = reverse("reviews:action_detail", args=[action.pk])
    return submit(
        request,
        RateForm(posted(request), initial={"rag": action.rag, "comment": action.rag_comment}, read=action),
        lambda data: action_plans.action_rate(actor=actor(request), action=action, **data),
        success=lambda done: f"Rated {done.get_rag_display().lower()}.",
        then=lambda _: back,
        title="Rate this action",
        submit="Save rating",
        back=back,
        intro=action.description,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_close(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get(user=actor(request), pk=pk)
    permissions.require(bool(permissions.can_rate_actions(request.user)))
    back = reverse("reviews:action_detail", args=[action.pk])
    return submit(
        request,
        CloseActionForm(posted(request), initial={"evidence": action.evidence}, read=action),
        lambda data: action_plans.action_close(actor=actor(request), action=action, **data),
        success=lambda _: "Action closed.",
        then=lambda _: back,
        title="Close this action",
        submit="Close action",
        back=back,
        intro="An action is closed only with evidence of its impact.",
    )
