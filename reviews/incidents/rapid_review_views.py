"""The Rapid Review of an incident: record, decide, sign off, amend, send, and open the review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crag import permissions
from reviews import clocks
from reviews.editing import versions
from reviews.editing.conflicts import conflict_page
from reviews.editing.handling import actor, call_service, form_page, posted, submit
from reviews.editing.once import submit_once
from reviews.incidents import partners, rapid_reviews, selectors
from reviews.incidents.forms import (
    AgencySummaryForm,
    AmendmentForm,
    PanelForm,
    RapidReviewForm,
    ReviewFromOutcomeForm,
    SafetyActionDoneForm,
    SafetyActionForm,
    SignOffForm,
)
from reviews.models import RapidReview


def _choice(value: bool | None) -> str:
    """A yes/no/undecided value as the radio buttons' choice."""
    return "" if value is None else ("true" if value else "false")


def _page(pk: int) -> str:
    return reverse("reviews:rapid_review", args=[pk])


@login_required
@require_POST
def rapid_review_open(request: HttpRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get(user=actor(request), pk=pk)
    try:
        rapid_reviews.rapid_review_open(actor=actor(request), incident=incident)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reviews:incident_detail", pk=pk)
    messages.success(request, "Rapid Review opened.")
    return redirect("reviews:rapid_review", pk=pk)


@login_required
@require_GET
def rapid_review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rapid_review = selectors.rapid_review_get(user=actor(request), incident_pk=pk)
    reading = clocks.Day(timezone.localdate()).reading(clocks.RAPID_REVIEW, rapid_review.incident)
    return render(
        request,
        "reviews/rapid_review_detail.html",
        {
            "rapid_review": rapid_review,
            "incident": rapid_review.incident,
            "reading": reading,
            "can_sign_off": permissions.can_sign_off(request.user) and not rapid_review.is_signed_off,
            "creates_review": rapid_review.outcome in rapid_reviews.OUTCOME_REVIEW_KIND
            and not rapid_review.reviews.exists(),
            "reviews": list(rapid_review.reviews.all()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rapid_review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rapid_review = selectors.rapid_review_get(user=actor(request), incident_pk=pk)
    initial = {
        "meeting_on": rapid_review.meeting_on,
        "learning_points": rapid_review.learning_points,
        "inequalities": rapid_review.inequalities,
        "themes": list(rapid_review.themes.all()),
        "decision_reasons": rapid_review.decision_reasons,
        "meets_cspr_criteria": _choice(rapid_review.meets_cspr_criteria),
        "complex_or_national_importance": _choice(rapid_review.complex_or_national_importance),
    }
    form = RapidReviewForm(posted(request), initial=initial, read=rapid_review)
    signed_off = rapid_review.is_signed_off
    if signed_off:
        # Not disabled inputs (the GOV.UK radios would still look live): the decision leaves the form.
        for field in RapidReview.DECISION_FIELDS:
            del form.fields[field]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes, version = data.pop("themes"), data.pop("version")
        done = call_service(
            form,
            lambda: rapid_reviews.rapid_review_update(
                actor=actor(request), rapid_review=rapid_review, fields=data, themes=themes, version=version
            ),
        )
        if done is not None:
            messages.success(
                request,
                "Meeting, themes, learning points and inequalities saved. The decision is unchanged: "
                "it is signed off, so corrections are recorded as amendments."
                if signed_off
                else "Rapid Review saved.",
            )
            return redirect(_page(pk))
    return form_page(
        request,
        form,
        title=f"Rapid Review of {rapid_review.incident.reference}",
        submit="Save",
        back=_page(pk),
        intro="The decision was signed off, so it is shown here but cannot be changed. To correct it, "
        "record an amendment beside it."
        if signed_off
        else "",
        readonly=_signed_off_decision(rapid_review) if signed_off else None,
        readonly_title="The signed-off decision",
        aside_url=reverse("reviews:rapid_review_amend", args=[pk]) if signed_off else "",
        aside_text="Amend the decision",
    )


def _signed_off_decision(rapid_review: RapidReview) -> list[tuple[str, str]]:
    """The decision as label and value rows, for a page where it is read-only."""
    undecided = {None: "Not decided", True: "Yes", False: "No"}
    return [
        ("Meets the criteria for a CSPR", undecided[rapid_review.meets_cspr_criteria]),
        ("Complex or of national importance", undecided[rapid_review.complex_or_national_importance]),
        ("Reasons", rapid_review.decision_reasons or "Not recorded"),
        (
            "Signed off",
            f"By {rapid_review.signed_off_by} on {timezone.localtime(rapid_review.signed_off_at):%-d %B %Y}"
            if rapid_review.signed_off_at
            else "",
        ),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def rapid_review_panel(request: HttpRequest, pk: int) -> HttpResponse:
    rapid_review = selectors.rapid_review_get(user=actor(request), incident_pk=pk)
    initial = {
        "sent_to_panel_on": rapid_review.sent_to_panel_on,
        "panel_response": rapid_review.panel_response,
        "panel_considers_criteria_met": _choice(rapid_review.panel_considers_criteria_met),
        "panel_responded_on": rapid_review.panel_responded_on,
        "outcome": rapid_review.outcome,
    }
    return submit(
        request,
        PanelForm(posted(request), initial=initial, read=rapid_review),
        lambda data: rapid_reviews.rapid_review_update(
            actor=actor(request), rapid_review=rapid_review, version=data.pop("version"), fields=data
        ),
        success=lambda _: "The Panel's part recorded.",
        then=lambda _: _page(pk),
        title="The Panel and the outcome",
        submit="Save",
        back=_page(pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agency_summary_add(request: HttpRequest, pk: int) -> HttpResponse:
    rapid_review = selectors.rapid_review_get(user=actor(request), incident_pk=pk)
    return submit(
        request,
        AgencySummaryForm(posted(request), read=rapid_review),
        lambda data: rapid_reviews.agency_summary_save(
            actor=actor(request), rapid_review=rapid_review, **data
        ),
        success=lambda done: f"Summary from {done.agency} saved.",
        then=lambda _: _page(pk),
        title="Add an agency summary",
        submit="Save summary",
        back=_page(pk),
        intro="One summary per agency: saving another for the same agency replaces it.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def safety_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    rapid_review = selectors.rapid_review_get(user=actor(request), incident_pk=pk)
    return submit_once(
        request,
        SafetyActionForm(posted(request)),
        lambda data: rapid_reviews.safety_action_add(actor=actor(request), rapid_review=rapid_review, **data),
        success=lambda _: "Safety action recorded.",
        then=lambda _: _page(pk),
        title="Add an immediate safety action",
        submit="Save action",
        back=_page(pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def safety_action_done(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    rapid_review = selectors.rapid_review_get(user=actor(request), incident_pk=pk)
    action = get_object_or_404(rapid_review.safety_actions.all(), pk=action_pk)
    form = SafetyActionDoneForm(
        posted(request), initial={"done_on": action.done_on or timezone.localdate()}, read=rapid_review
    )
    return submit(
        request,
        form,
        lambda data: rapid_reviews.safety_action_done(
            actor=actor(request), action=action, done_on=data["done_on"], version=data["version"]
        ),
        success=lambda _: f"{action.get_kind_display()} recorded as done.",
        then=lambda _: _page(pk),
        title=f"When was this done? {action.get_kind_display()}",
        submit="Save",
        back=_page(pk),
        intro=action.description,
    )


@login_required
@require_http_methods(["GET", "POST"])
def rapid_review_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    rapid_review = selectors.rapid_review_get(user=actor(request), incident_pk=pk)
    permissions.require(bool(permissions.can_sign_off(request.user)))
    form = SignOffForm(posted(request), read=rapid_review)
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ValidationError(list(form.non_field_errors()))
            rapid_reviews.rapid_review_sign_off(
                actor=actor(request), rapid_review=rapid_review, version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_page(pk))
        except versions.EditConflict as conflict:  # the decision changed since it was shown
            return conflict_page(request, conflict, back=_page(pk), form=form)
        messages.success(request, "Decision signed off. It can no longer be changed, only amended.")
        return redirect(_page(pk))
    outstanding = partners.partners_outstanding(rapid_review)
    return render(
        request,
        "reviews/sign_off_confirm.html",
        {
            "rapid_review": rapid_review,
            "form": form,
            "outstanding": partners.outstanding_message(outstanding) if outstanding else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rapid_review_amend(request: HttpRequest, pk: int) -> HttpResponse:
    rapid_review = selectors.rapid_review_get(user=actor(request), incident_pk=pk)
    return submit_once(
        request,
        AmendmentForm(posted(request), read=rapid_review),
        lambda data: rapid_reviews.rapid_review_amend(
            actor=actor(request), rapid_review=rapid_review, **data
        ),
        success=lambda _: "Amendment recorded beside the decision.",
        then=lambda _: _page(pk),
        title="Amend the signed-off decision",
        submit="Record amendment",
        back=_page(pk),
        intro="The decision stays as signed off; the amendment is shown beside it, with your name, the date "
        "and the reason.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_from_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    rapid_review = selectors.rapid_review_get(user=actor(request), incident_pk=pk)
    form = ReviewFromOutcomeForm(posted(request), initial={"decision_on": timezone.localdate()})
    return submit_once(
        request,
        form,
        lambda data: rapid_reviews.review_create_from_outcome(
            actor=actor(request), rapid_review=rapid_review, **data
        ),
        success=lambda review: f"{review.get_kind_display()} created for {review.title}.",
        then=lambda _: _page(pk),
        title="Create the review",
        submit="Create review",
        back=_page(pk),
        intro="The children and themes of the Rapid Review are carried over.",
    )
