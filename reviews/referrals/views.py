"""The referrals pages: an agency refers a case and follows its outcome; CRAG screens it."""

from collections.abc import Iterable, Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from crag import audit, listing, permissions
from crag.models import User
from reviews import clocks
from reviews.choices import ScreeningDecision
from reviews.editing.handling import actor, posted, submit
from reviews.editing.once import submit_once
from reviews.models import Referral
from reviews.referrals import selectors, services
from reviews.referrals.forms import ReferralFilterForm, ReferralForm, ScreenForm


def _may_list(user: User) -> bool:
    return bool(permissions.can_refer(user) or permissions.can_do_crag_work(user))


CSV_HEADER = [
    "reference",
    "referring agency",
    "referred on",
    "what happened",
    "children",
    "agency aware",
    "council aware",
    "abuse or neglect suspected",
    "decision",
    "reason",
    "screened on",
    "incident",
]


def _csv_rows(referrals: Iterable[Referral]) -> Iterator[list[object]]:
    """By pseudonym only: a spreadsheet travels further than the page."""
    for r in referrals:
        yield [
            r.reference,
            r.referring_agency.name,
            r.referred_on,
            r.get_kind_display(),
            ", ".join(c.pseudonym for c in r.children.all()),
            r.agency_aware_on,
            r.council_aware_on or "",
            r.get_abuse_or_neglect_suspected_display(),
            r.get_decision_display() if r.decision else "awaiting screening",
            r.decision_reason,
            r.screened_on or "",
            r.incident.reference if r.incident else "",
        ]


EXPORT = listing.Export("crag-referrals", "referrals", CSV_HEADER, _csv_rows)


def _with_clocks(rows: list[Referral]) -> list[Referral]:
    day = clocks.Day(timezone.localdate())
    for row in rows:
        row.clock = day.reading(clocks.REFERRAL_SCREENING, row)  # type: ignore[attr-defined]
    return rows


@login_required
@require_GET
def referral_list(request: HttpRequest) -> HttpResponseBase:
    user = actor(request)
    permissions.require(_may_list(user))
    crag = bool(permissions.can_do_crag_work(user))
    return listing.list_page(
        request,
        filter_form=ReferralFilterForm,
        select=lambda filters: selectors.referral_list(user=user, filters=filters),
        rows=_with_clocks if crag else None,
        context=lambda _: {"crag": crag, "can_refer": bool(permissions.can_refer(user))},
        template="reviews/referrals/referral_list.html",
    )


@login_required
@require_GET
def referral_list_csv(request: HttpRequest) -> HttpResponseBase:
    user = actor(request)
    permissions.require(bool(permissions.can_do_crag_work(user)))
    form = ReferralFilterForm(request.GET or None)
    items = selectors.referral_list(user=user, filters=listing.filters_from(form)).select_related("incident")
    return EXPORT.response(request, items, "csv")


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    permissions.require(bool(permissions.can_refer(user)))
    form = ReferralForm(posted(request))
    return submit_once(
        request,
        form,
        lambda _: services.referral_create(actor=user, **form.referral()),
        success=lambda done: f"Referral {done.reference} sent. CRAG will screen it.",
        then=lambda done: reverse("reviews:referral_detail", args=[done.pk]),
        title="Refer a case to CRAG",
        submit="Send referral",
        back=reverse("reviews:referral_list"),
        intro=f"Tell CRAG about a child who has died or been seriously harmed where abuse or neglect "
        f"may be involved. CRAG decides whether it is notifiable. After you send it, you will see "
        f"its outcome; the children's names are shown to CRAG only. Up to {services.MAX_CHILDREN} children.",
    )


@login_required
@require_GET
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    referral = selectors.referral_get(user=user, pk=pk)
    show_identity = bool(permissions.can_view_child_identity(user))
    children = list(referral.children.all())
    if show_identity:
        children = list(referral.children.order_by("pseudonym"))
        for child in children:
            audit.record_access(request=request, instance=child)
    return render(
        request,
        "reviews/referrals/referral_detail.html",
        {
            "referral": referral,
            "children": children,
            "show_identity": show_identity,
            "crag": bool(permissions.can_do_crag_work(user)),
            "can_screen": not referral.is_screened and bool(permissions.can_screen_referrals(user)),
            "clock": clocks.Day(timezone.localdate()).reading(clocks.REFERRAL_SCREENING, referral),
            "incident_visible": selectors.incident_visible(user=user, referral=referral),
        },
    )


def _what_happens(referral: Referral) -> list[str]:
    """The consequences the screener confirms, in plain words."""
    if referral.council_aware_on is None:
        notify = (
            "The council's aware date is not recorded, so the case cannot be screened as notifiable "
            "here: ask the referring agency or the council for it."
        )
    else:
        notify = (
            "If notifiable: an incident will be created with aware date "
            f"{referral.council_aware_on:%-d %B %Y}, "
            f"the referral's children and what happened, and the Panel's 5 working days run from that date."
        )
    return [notify, "Otherwise the referring agency sees the decision and the reason. A screening is final."]


@login_required
@require_http_methods(["GET", "POST"])
def referral_screen(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    referral = selectors.referral_get(user=user, pk=pk)
    permissions.require(bool(permissions.can_screen_referrals(user)))
    back = reverse("reviews:referral_detail", args=[referral.pk])
    if referral.is_screened:
        messages.info(request, f"{referral.reference} has already been screened.")
        return redirect(back)
    return submit(
        request,
        ScreenForm(posted(request)),
        lambda data: services.referral_screen(actor=user, referral=referral, **data),
        success=lambda done: f"{done.reference} screened: {done.get_decision_display().lower()}.",
        then=lambda done: (
            reverse("reviews:incident_detail", args=[done.incident_id])
            if done.decision == ScreeningDecision.NOTIFY
            else back
        ),
        title=f"Screen referral {referral.reference}",
        submit="Record the screening decision",
        back=back,
        warnings=_what_happens(referral),
    )
