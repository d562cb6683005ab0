"""Pages of the Rapid Review in the Panel's shape: key practice episodes (add, edit, delete) and a
statutory partner's agreement to the decision (agree, withdraw)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from crag import permissions
from reviews.editing.conflicts import conflict_page
from reviews.editing.handling import actor, call_service, posted, submit
from reviews.incidents import episodes, partners, selectors
from reviews.incidents.partner_forms import (
    KeyEpisodeDeleteForm,
    KeyEpisodeForm,
    PartnerAgreeForm,
    PartnerWithdrawForm,
)
from reviews.models import KeyPracticeEpisode, PartnerAgreement, RapidReview


def _page(pk: int) -> str:
    return reverse("reviews:rapid_review", args=[pk]) + "#key-episodes"


def _agreement_page(pk: int) -> str:
    return reverse("reviews:rapid_review", args=[pk]) + "#partners"


def _editable(request: HttpRequest, pk: int) -> RapidReview:
    """The Rapid Review (404 out of scope) for a user who does CRAG work (else 403)."""
    rapid_review = selectors.rapid_review_get(user=actor(request), incident_pk=pk)
    permissions.require(bool(permissions.can_do_crag_work(request.user)))
    return rapid_review


def _episode(rapid_review: RapidReview, episode: int) -> KeyPracticeEpisode:
    return get_object_or_404(rapid_review.key_episodes.select_related("rapid_review"), pk=episode)


@login_required
@require_http_methods(["GET", "POST"])
def key_episode_add(request: HttpRequest, pk: int) -> HttpResponse:
    rapid_review = _editable(request, pk)
    return submit(
        request,
        KeyEpisodeForm(posted(request), read=rapid_review),
        lambda data: episodes.key_episode_add(actor=actor(request), rapid_review=rapid_review, **data),
        success=lambda done: f"Key practice episode {done.number} added.",
        then=lambda _: _page(pk),
        title="Add a key practice episode",
        submit="Save episode",
        back=_page(pk),
        intro="A moment when practice could have made a difference to the child, and the partners' analysis.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def key_episode_edit(request: HttpRequest, pk: int, episode: int) -> HttpResponse:
    rapid_review = _editable(request, pk)
    item = _episode(rapid_review, episode)
    initial = {
        "title": item.title,
        "occurred_on": item.occurred_on,
        "description": item.description,
        "analysis": item.analysis,
        "agencies": list(item.agencies.all()),
    }
    return submit(
        request,
        KeyEpisodeForm(posted(request), initial=initial, read=rapid_review),
        lambda data: episodes.key_episode_edit(actor=actor(request), episode=item, **data),
        success=lambda done: f"Key practice episode {done.number} saved.",
        then=lambda _: _page(pk),
        title=f"Key practice episode {item.number}",
        submit="Save episode",
        back=_page(pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def key_episode_delete(request: HttpRequest, pk: int, episode: int) -> HttpResponse:
    rapid_review = _editable(request, pk)
    item = _episode(rapid_review, episode)
    form = KeyEpisodeDeleteForm(posted(request), read=rapid_review)
    if request.method == "POST" and form.is_valid():
        call_service(
            form,
            lambda: episodes.key_episode_delete(
                actor=actor(request), episode=item, version=form.cleaned_data["version"]
            ),
        )
        if (conflict := getattr(form, "conflict", None)) is not None:
            return conflict_page(request, conflict, back=_page(pk), form=form)
        if not form.errors:
            messages.success(request, f"Key practice episode {item.number} deleted.")
            return redirect(_page(pk))
    return render(
        request,
        "reviews/rapid_reviews/key_episode_delete.html",
        {"rapid_review": rapid_review, "episode": item, "form": form, "back": _page(pk)},
    )


def _decision_rows(rapid_review: RapidReview) -> list[tuple[str, str]]:
    undecided = {None: "Not decided", True: "Yes", False: "No"}
    return [
        ("Meets the criteria for a CSPR", undecided[rapid_review.meets_cspr_criteria]),
        ("Complex or of national importance", undecided[rapid_review.complex_or_national_importance]),
        ("Reasons", rapid_review.decision_reasons or "Not recorded"),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def partner_agree(request: HttpRequest, pk: int) -> HttpResponse:
    rapid_review = selectors.rapid_review_get(user=actor(request), incident_pk=pk)
    permissions.require(bool(permissions.can_agree_for_partner(request.user)))
    agency = actor(request).agency
    return submit(
        request,
        PartnerAgreeForm(posted(request)),
        lambda data: partners.partner_agree(actor=actor(request), rapid_review=rapid_review, **data),
        success=lambda done: (
            f"{done.agency} agreed the decision as the {done.get_partner_role_display().lower()} partner."
        ),
        then=lambda _: _agreement_page(pk),
        title="Agree the decision",
        submit="Agree the decision",
        back=_agreement_page(pk),
        intro=f"You are agreeing for {agency} ({agency.get_partner_role_display().lower()} partner) "
        "to the decision as it stands below. If the decision changes, it must be agreed again."
        if agency
        else "",
        readonly=_decision_rows(rapid_review),
        readonly_title="The decision",
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_agreement_withdraw(request: HttpRequest, pk: int, agreement: int) -> HttpResponse:
    rapid_review = selectors.rapid_review_get(user=actor(request), incident_pk=pk)
    permissions.require(bool(permissions.can_agree_for_partner(request.user)))
    item = get_object_or_404(
        PartnerAgreement.objects.select_related("agency", "agreed_by"),
        pk=agreement,
        rapid_review=rapid_review,
    )
    return submit(
        request,
        PartnerWithdrawForm(posted(request)),
        lambda data: (
            partners.partner_agreement_withdraw(actor=actor(request), agreement=item, **data) or item
        ),
        success=lambda _: f"The {item.get_partner_role_display().lower()} partner's agreement was withdrawn.",
        then=lambda _: _agreement_page(pk),
        title="Withdraw the agreement",
        submit="Withdraw the agreement",
        back=_agreement_page(pk),
        warnings=[
            f"{item.agency} agreed on {timezone.localtime(item.agreed_at):%-d %B %Y} ({item.agreed_by}). "
            "Once withdrawn, the chair cannot sign off until the partner agrees again."
        ],
    )
