"""Children and incidents: record, list (filters, sorting, pages, CSV) and the page of clocks."""

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from crag import audit, listing, permissions
from crag.models import User
from reviews import clocks
from reviews.clocks import ClockReading
from reviews.editing.handling import actor, call_service, form_page, posted
from reviews.editing.once import Once
from reviews.incidents import duplicates, selectors, services
from reviews.incidents.forms import (
    ChildForm,
    IncidentCreateForm,
    IncidentFilterForm,
    IncidentForm,
    NotificationForm,
    incident_initial,
)
from reviews.models import Incident

NOT_NOTIFIABLE = "Not notifiable to the Panel"


def _require_crag_work(request: HttpRequest) -> None:
    permissions.require(bool(permissions.can_do_crag_work(request.user)))


def _next_or(request: HttpRequest, default: str) -> str:
    """The page named in ?next= when it is on this service (never another site), else the default."""
    target = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and safe else default


@login_required
@require_http_methods(["GET", "POST"])
def child_create(request: HttpRequest) -> HttpResponse:
    _require_crag_work(request)
    form = ChildForm(posted(request))
    once = Once(request, form)
    if (earlier := once.earlier()) is not None:
        return earlier
    if request.method == "POST" and form.is_valid():
        done = once.create(
            form,
            lambda: services.child_create(actor=actor(request), **form.cleaned_data),
            success=lambda child: f"{child.pseudonym} recorded.",
            then=lambda _: _next_or(request, reverse("reviews:incident_create")),
        )
        if done is not None:
            return done
    return form_page(
        request,
        form,
        title="Record a child",
        submit="Save child",
        back=reverse("reviews:incident_list"),
        intro="Only Partnership admins, the CRAG chair and CRAG members will see the legal name, date of "
        "birth, address and case summary. Everyone else sees the pseudonym.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def incident_create(request: HttpRequest) -> HttpResponse:
    _require_crag_work(request)
    searching = _searching_children(request)
    form = IncidentCreateForm(posted(request), searching=searching)
    once = Once(request, form)
    if (earlier := once.earlier()) is not None:
        return earlier
    likely = [] if searching else _likely_duplicates(actor(request), form)
    if form.is_bound and not searching and form.is_valid():
        data = dict(form.cleaned_data)
        if data.pop("different_incident") or not likely:
            done = once.create(
                form,
                lambda: services.incident_create(actor=actor(request), **data),
                success=lambda incident: f"Incident {incident.reference} recorded. Its deadlines are below.",
                then=lambda incident: reverse("reviews:incident_detail", args=[incident.pk]),
            )
            if done is not None:
                return done
        else:
            form.add_error("different_incident", _likely_duplicate_message(likely, data))
    if not likely:
        del form.fields["different_incident"]  # asked only when there is a likely duplicate
    _show_children(request, form)
    return form_page(
        request,
        form,
        duplicates=[(i.reference, reverse("reviews:incident_detail", args=[i.pk])) for i in likely],
        title="Record an incident",
        submit="Record incident",
        back=reverse("reviews:incident_list"),
        intro="Where abuse or neglect is known or suspected, the Panel must be notified within "
        f"{clocks.PANEL_NOTIFICATION.period.text()} of the date the council became aware.",
        aside_url=reverse("reviews:child_create") + "?next=" + reverse("reviews:incident_create"),
        aside_text="Record a child who is not listed",
    )


def _searching_children(request: HttpRequest) -> bool:
    """The form was sent with its "Search" button for children: search, check nothing, save nothing."""
    return request.method == "POST" and "find_children" in request.POST


def _show_children(request: HttpRequest, form: IncidentForm) -> None:
    search = request.POST.get("child_search", "") if request.method == "POST" else ""
    form.show_children(
        search=search.strip()[:100], identity=permissions.can_view_child_identity(request.user)
    )


def _likely_duplicates(user: User, form: IncidentCreateForm) -> list[Incident]:
    """Incidents already recorded for one of the chosen children on the same incident date."""
    if not form.is_bound:
        return []
    form.is_valid()  # what was entered correctly is in cleaned_data even when something was not
    children, day = form.cleaned_data.get("children"), form.cleaned_data.get("incident_date")
    if not (children and day):
        return []
    return duplicates.incidents_like(user=user, children=children, incident_date=day)


def _likely_duplicate_message(likely: list[Incident], data: dict[str, Any]) -> str:
    chosen = set(data["children"])
    names = sorted({c.pseudonym for i in likely for c in i.children.all() if c in chosen})
    references = " and ".join(i.reference for i in likely)
    return (
        f"{references} already {'records' if len(likely) == 1 else 'record'} {' and '.join(names)} with the "
        f"incident date {data['incident_date']:%-d %B %Y}. Check it is not this incident, then select "
        "\u201cThis is a different incident\u201d to record it"
    )


@login_required
@require_http_methods(["GET", "POST"])
def incident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get(user=actor(request), pk=pk)
    initial = incident_initial(incident)
    searching = _searching_children(request)
    form = IncidentForm(posted(request), initial=initial, searching=searching, read=incident)
    if request.method == "POST" and not searching and form.is_valid():
        done = call_service(
            form,
            lambda: services.incident_update(actor=actor(request), incident=incident, **form.cleaned_data),
        )
        if done is not None:
            messages.success(request, f"Incident {incident.reference} updated. Its deadlines are recomputed.")
            return redirect("reviews:incident_detail", pk=incident.pk)
    _show_children(request, form)
    return form_page(
        request,
        form,
        title=f"Correct incident {incident.reference}",
        submit="Save changes",
        back=reverse("reviews:incident_detail", args=[incident.pk]),
        intro="Deadlines count from the date the council became aware: changing it moves them.",
    )


INCIDENT_HEADER = [
    "reference",
    "kind",
    "incident date",
    "aware date",
    "children",
    "Panel notification due",
    "Panel notified on",
    "Panel notification",
    "national reference",
]


def _csv_rows(incidents: Iterable[Incident]) -> Iterator[list[object]]:
    day = clocks.Day(timezone.localdate())
    for incident in incidents:
        panel = day.reading(clocks.PANEL_NOTIFICATION, incident)
        yield [
            incident.reference,
            incident.get_kind_display(),
            incident.incident_date,
            incident.aware_date,
            ", ".join(c.pseudonym for c in incident.children.all()),
            panel.clock.due if panel else "",
            incident.panel_notified_on or "",
            panel.text if panel else NOT_NOTIFIABLE,
            incident.national_reference,
        ]


@login_required
@require_GET
def incident_list(request: HttpRequest) -> HttpResponseBase:
    _require_crag_work(request)
    today = timezone.localdate()
    return listing.list_page(
        request,
        filter_form=IncidentFilterForm,
        select=lambda filters: selectors.incident_list(user=actor(request), filters=filters, today=today),
        export=listing.Export("crag-incidents", "incidents", INCIDENT_HEADER, _csv_rows),
        rows=lambda shown: _with_panel(shown, clocks.Day(today)),
        template="reviews/incident_list.html",
    )


def _with_panel(incidents: Sequence[Incident], day: clocks.Day) -> list[tuple[Incident, ClockReading | None]]:
    return [(i, day.reading(clocks.PANEL_NOTIFICATION, i)) for i in incidents]


@login_required
@require_GET
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get(user=actor(request), pk=pk)
    show_identity = permissions.can_view_child_identity(request.user)
    if show_identity:
        for child in incident.children.all():
            audit.record_access(request=request, instance=child)
    readings = clocks.Day(timezone.localdate()).incident_readings(incident)
    return render(
        request,
        "reviews/incident_detail.html",
        {
            "incident": incident,
            "readings": readings,
            "notifiable": clocks.notifiable(incident),
            "show_identity": show_identity,
            "rapid_review": getattr(incident, "rapid_review", None),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def incident_notifications(request: HttpRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get(user=actor(request), pk=pk)
    initial = {f: getattr(incident, f) for f in services.NOTIFICATION_FIELDS}
    initial |= {"national_reference": incident.national_reference, "late_reason": incident.late_reason}
    form = NotificationForm(
        posted(request), initial=initial, ofsted=clocks.tells_ofsted(incident), read=incident
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        dates = {f: data[f] for f in services.NOTIFICATION_FIELDS if f in data}
        done = call_service(
            form,
            lambda: services.incident_record_notifications(
                actor=actor(request),
                incident=incident,
                dates=dates,
                national_reference=data["national_reference"],
                late_reason=data["late_reason"],
                version=data["version"],
            ),
        )
        if done is not None:
            messages.success(request, "Notifications recorded.")
            return redirect("reviews:incident_detail", pk=incident.pk)
    return form_page(
        request,
        form,
        title=f"Record notifications for {incident.reference}",
        submit="Save notifications",
        back=reverse("reviews:incident_detail", args=[incident.pk]),
    )


@login_required
@require_GET
def national_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft of the national online form, in its order, to copy across."""
    incident = selectors.incident_get(user=actor(request), pk=pk)
    children = list(incident.children.all())
    for child in children:
        audit.record_access(request=request, instance=child)
    panel = clocks.Day(timezone.localdate()).reading(clocks.PANEL_NOTIFICATION, incident)
    return render(
        request,
        "reviews/national_notification.html",
        {"incident": incident, "children": children[:4], "more_children": children[4:], "panel": panel},
    )
