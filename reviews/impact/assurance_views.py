"""The assurance pages: activity that tests whether practice changed after the reviews. Every role
that reads the learning reads them; CRAG plans the activity and records what it found."""

from collections.abc import Iterable, Iterator

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from crag import listing, permissions
from reviews.editing.handling import actor, posted, submit
from reviews.editing.once import submit_once
from reviews.impact import assurance
from reviews.impact.assurance_forms import AssuranceFilterForm, AssurancePlanForm, FindingsForm
from reviews.models import AssuranceActivity

CSV_HEADER = [
    "title",
    "kind",
    "planned for",
    "agencies",
    "recommendations tested",
    "themes",
    "completed on",
    "cases or responses looked at",
    "practice changed",
    "findings",
]


def _recommendations(activity: AssuranceActivity) -> str:
    named = getattr(activity, "named_recommendations", [])
    return "; ".join(f"{rec.source_title}, recommendation {rec.number}" for rec in named)


def _csv_rows(activities: Iterable[AssuranceActivity]) -> Iterator[list[object]]:
    for a in activities:
        yield [
            a.title,
            a.get_kind_display(),
            a.planned_on,
            ", ".join(agency.name for agency in a.agencies.all()),
            _recommendations(a),
            ", ".join(theme.name for theme in a.themes.all()),
            a.completed_on or "",
            "" if a.sample is None else a.sample,
            a.get_practice_changed_display() if a.practice_changed else "",
            a.findings,
        ]


EXPORT = listing.Export("crag-assurance", "assurance activity", CSV_HEADER, _csv_rows)


def _can_plan(request: HttpRequest) -> bool:
    return bool(permissions.can_plan_assurance(request.user))


@login_required
@require_GET
def assurance_list(request: HttpRequest) -> HttpResponseBase:
    user = actor(request)
    return listing.list_page(
        request,
        filter_form=AssuranceFilterForm,
        select=lambda filters: assurance.assurance_list(user=user, filters=filters),
        context=lambda _: {"can_plan": _can_plan(request)},
        template="reviews/impact/assurance/assurance_list.html",
    )


@login_required
@require_GET
def assurance_list_csv(request: HttpRequest) -> HttpResponseBase:
    user = actor(request)
    form = AssuranceFilterForm(request.GET or None)
    items = assurance.assurance_list(user=user, filters=listing.filters_from(form))
    return EXPORT.response(request, items, "csv")


@login_required
@require_http_methods(["GET", "POST"])
def assurance_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    permissions.require(_can_plan(request))
    return submit_once(
        request,
        AssurancePlanForm(posted(request)),
        lambda data: assurance.assurance_plan(actor=user, **data),
        success=lambda done: f"{done.title} planned.",
        then=lambda done: reverse("reviews:assurance_detail", args=[done.pk]),
        title="Plan assurance activity",
        submit="Plan the activity",
        back=reverse("reviews:assurance_list"),
        intro="Activity that tests whether practice changed after the reviews: for example a "
        "multi-agency audit six months on, or a practitioner survey. Record what it found once it is done.",
    )


@login_required
@require_GET
def assurance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = assurance.assurance_get(user=actor(request), pk=pk)
    return render(
        request,
        "reviews/impact/assurance/assurance_detail.html",
        {"activity": activity, "can_plan": _can_plan(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def assurance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    activity = assurance.assurance_get(user=user, pk=pk)
    permissions.require(_can_plan(request))
    back = reverse("reviews:assurance_detail", args=[activity.pk])
    form = AssurancePlanForm(posted(request), initial=AssurancePlanForm.initial_for(activity), read=activity)
    return submit(
        request,
        form,
        lambda data: assurance.assurance_update(actor=user, activity=activity, **data),
        success=lambda done: f"{done.title} corrected.",
        then=lambda _: back,
        title=f"Correct the plan: {activity.title}",
        submit="Save",
        back=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def assurance_findings(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    activity = assurance.assurance_get(user=user, pk=pk)
    permissions.require(_can_plan(request))
    back = reverse("reviews:assurance_detail", args=[activity.pk])
    correcting = activity.is_complete
    form = FindingsForm(posted(request), initial=FindingsForm.initial_for(activity), read=activity)
    return submit(
        request,
        form,
        lambda data: assurance.assurance_findings_record(actor=user, activity=activity, **data),
        success=lambda done: "Findings corrected." if correcting else "Findings recorded.",
        then=lambda _: back,
        title=f"{'Correct the findings' if correcting else 'Record the findings'}: {activity.title}",
        submit="Save findings",
        back=back,
        intro="The date it was completed, what it found and whether practice changed are recorded together.",
    )
