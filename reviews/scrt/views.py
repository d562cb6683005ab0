"""The S-CRT pages: the export explained, its CSV download (audited), and the review's health
details. CRAG's (the ICB's designated professional sits on CRAG); anyone else is refused."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from crag import audit, listing, permissions, tables
from reviews.casework import selectors as casework_selectors
from reviews.editing.handling import actor, posted, submit
from reviews.scrt import export
from reviews.scrt.forms import HealthForm, ScrtFilterForm
from reviews.scrt.services import review_health_update


def _require(request: HttpRequest) -> None:
    permissions.require(bool(permissions.can_export_scrt(request.user)))


@login_required
@require_GET
def scrt_page(request: HttpRequest) -> HttpResponse:
    _require(request)
    form = ScrtFilterForm(request.GET or None)
    rows = export.scrt_rows(user=actor(request), filters=listing.filters_from(form))
    context = {
        "form": form,
        "columns": export.COLUMNS,
        "count": len(rows),
        "query": tables.query_without_page(request),
    }
    return render(request, "reviews/scrt/scrt_page.html", context)


@login_required
@require_GET
def scrt_csv(request: HttpRequest) -> HttpResponseBase:
    _require(request)
    form = ScrtFilterForm(request.GET or None)
    rows = export.scrt_rows(user=actor(request), filters=listing.filters_from(form))
    audit.record_export(request=request, what="S-CRT export", rows=len(rows))
    return tables.csv_response("crag-scrt.csv", export.HEADER, export.csv_lines(rows))


@login_required
@require_http_methods(["GET", "POST"])
def review_health(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    user = actor(request)
    review = casework_selectors.review_get(user=user, pk=pk)
    back = reverse("reviews:review_detail", args=[review.pk])
    return submit(
        request,
        HealthForm(posted(request), initial=HealthForm.initial_for(review), read=review),
        lambda data: review_health_update(actor=user, review=review, **data),
        success=lambda _: "Health details saved.",
        then=lambda _: back,
        title=f"Health details of {review.title}",
        submit="Save",
        back=back,
        intro="What NHS England's Safeguarding Case Review Tracker (S-CRT) asks that the review's record "
        "has no other place for. They go into the S-CRT export; no child's identity does.",
    )
