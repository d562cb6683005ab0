"""The pages of learning into practice: where a resource was sent and what each agency did with
it, sending it (CRAG), the list of resources sent, and recording how an agency used one (its own
action lead, or CRAG on its behalf). Another agency's records answer 404."""

from collections.abc import Iterable, Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from crag import listing, permissions
from crag.models import User
from reviews import clocks
from reviews.editing.handling import actor, posted, submit
from reviews.editing.once import submit_once
from reviews.impact import selectors, services
from reviews.impact.forms import SendForm, SentFilterForm, UseForm
from reviews.models import Dissemination, LearningResource


def _require_view(user: User) -> None:
    permissions.require(bool(permissions.can_view_learning(user)))


def _with_clocks(rows: list[Dissemination]) -> list[Dissemination]:
    """Each row's clock of a use record (done once a use is recorded)."""
    day = clocks.Day(timezone.localdate())
    for row in rows:
        row.clock = day.reading(clocks.RESOURCE_USE_DUE, row)  # type: ignore[attr-defined]
    return rows


CSV_HEADER = ["resource", "kind", "agency", "sent on", "sent by", "uses recorded"]


def _csv_rows(sent: Iterable[Dissemination]) -> Iterator[list[object]]:
    for row in sent:
        yield [
            row.resource.title,
            row.resource.get_kind_display(),
            row.agency.name,
            row.sent_on,
            str(row.sent_by),
            getattr(row, "use_count", 0),
        ]


EXPORT = listing.Export("crag-resources-sent", "learning resources sent", CSV_HEADER, _csv_rows)


@login_required
@require_GET
def resource_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    _require_view(user)
    resource = get_object_or_404(LearningResource, pk=pk)
    sent = _with_clocks(list(selectors.resource_disseminations(user=user, resource=resource)))
    return render(
        request,
        "reviews/impact/resource_detail.html",
        {
            "resource": resource,
            "sent": sent,
            "can_send": bool(permissions.can_disseminate(user)),
            "crag": bool(permissions.can_do_crag_work(user)),
            # An agency's lead sees only their own agency's row (the selector keeps to it).
            "own_agency_only": not permissions.can_do_crag_work(user)
            and bool(permissions.is_agency_action_lead(user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def resource_send(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    permissions.require(bool(permissions.can_disseminate(user)))
    resource = get_object_or_404(LearningResource, pk=pk)
    back = reverse("reviews:learning_resource_detail", args=[resource.pk])
    remaining = selectors.agencies_not_sent(resource=resource)
    if not remaining.exists():
        messages.info(request, f"{resource.title} has been sent to every agency.")
        return redirect(back)
    return submit(
        request,
        SendForm(posted(request), agencies=remaining),
        lambda data: services.resource_send(actor=user, resource=resource, **data),
        success=lambda done: f"{resource.title} sent to {len(done)} agenc{'y' if len(done) == 1 else 'ies'}.",
        then=lambda _: back,
        title=f"Send {resource.title} to agencies",
        submit="Send to agencies",
        back=back,
        intro="Each agency's action leads are told, and asked to record how their agency used it "
        f"within {clocks.RESOURCE_USE_DUE.period.text()}.",
    )


@login_required
@require_GET
def sent_list(request: HttpRequest) -> HttpResponseBase:
    user = actor(request)
    _require_view(user)
    return listing.list_page(
        request,
        filter_form=SentFilterForm,
        select=lambda filters: selectors.dissemination_list(user=user, filters=filters),
        export=EXPORT,
        rows=_with_clocks,
        context=lambda _: {"crag": bool(permissions.can_do_crag_work(user))},
        template="reviews/impact/dissemination_list.html",
    )


@login_required
@require_GET
def sent_list_csv(request: HttpRequest) -> HttpResponseBase:
    user = actor(request)
    _require_view(user)
    form = SentFilterForm(request.GET or None)
    return EXPORT.response(
        request, selectors.dissemination_list(user=user, filters=listing.filters_from(form)), "csv"
    )


@login_required
@require_GET
def dissemination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    dissemination = selectors.dissemination_get(user=user, pk=pk)
    can_record = bool(permissions.can_record_resource_use(user, dissemination))
    return render(
        request,
        "reviews/impact/dissemination_detail.html",
        {
            "sent": _with_clocks([dissemination])[0],
            "uses": list(dissemination.uses.all()),
            "can_record": can_record,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def use_record(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    dissemination = selectors.dissemination_get(user=user, pk=pk)
    permissions.require(bool(permissions.can_record_resource_use(user, dissemination)))
    back = reverse("reviews:dissemination_detail", args=[dissemination.pk])
    return submit_once(
        request,
        UseForm(posted(request)),
        lambda data: services.resource_use_record(actor=user, dissemination=dissemination, **data),
        success=lambda done: f"Use of {dissemination.resource.title} recorded.",
        then=lambda _: back,
        title="Record how it was used",
        submit="Save",
        back=back,
        intro=f"How {dissemination.agency.name} used {dissemination.resource.title}, sent on "
        f"{dissemination.sent_on:%-d %B %Y}.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def use_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    use = selectors.resource_use_get(user=user, pk=pk)
    dissemination = use.dissemination
    permissions.require(bool(permissions.can_record_resource_use(user, dissemination)))
    back = reverse("reviews:dissemination_detail", args=[dissemination.pk])
    initial = {name: getattr(use, name) for name in services.USE_FIELDS}
    return submit(
        request,
        UseForm(posted(request), initial=initial, read=use),
        lambda data: services.resource_use_update(actor=user, use=use, **data),
        success=lambda done: f"Use of {dissemination.resource.title} saved.",
        then=lambda _: back,
        title="Change how it was used",
        submit="Save changes",
        back=back,
        intro=f"How {dissemination.agency.name} used {dissemination.resource.title}.",
    )
