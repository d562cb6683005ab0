"""Reviews: the list, the record with its timeline, the lifecycle and what runs alongside it."""

from collections.abc import Iterable, Iterator, Sequence

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from crag import listing, permissions
from crag.models import User
from reviews import clocks
from reviews.actions import selectors as action_selectors
from reviews.casework import lifecycle, selectors
from reviews.casework import record as review_record
from reviews.casework.closing_forms import CloseWithoutPublicationForm
from reviews.casework.document_views import detail_context
from reviews.casework.forms import (
    DelayReasonForm,
    EndProcessForm,
    LifeLetterForm,
    ParallelProcessForm,
    PauseForm,
    ReviewAdministrationForm,
    ReviewerForm,
    ReviewFilterForm,
    ReviewRecordForm,
    TransitionForm,
)
from reviews.casework.timeline import timeline
from reviews.choices import ReviewStatus
from reviews.clocks import ClockReading
from reviews.editing.conflicts import moved_on
from reviews.editing.handling import actor, posted, submit
from reviews.editing.once import submit_once
from reviews.models import ParallelProcess, Review

REVIEW_HEADER = ["title", "kind", "status", "decision", "reviewer", "paused for", "published"]


def _rows(reviews: Iterable[Review]) -> Iterator[list[object]]:
    for r in reviews:
        yield [
            r.title,
            r.get_kind_display(),
            r.get_status_display(),
            r.decision_on,
            r.reviewer.full_name if r.reviewer else "",
            "; ".join(p.get_kind_display() for p in getattr(r, "active_processes", [])),
            r.published_on or "",
        ]


def _with_publication(reviews: Sequence[Review], day: clocks.Day) -> list[tuple[Review, ClockReading | None]]:
    return [(r, day.reading(clocks.CSPR_PUBLICATION, r)) for r in reviews]


@login_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponseBase:
    user = actor(request)
    permissions.require(bool(permissions.can_list_reviews(user)))
    today = timezone.localdate()
    return listing.list_page(
        request,
        filter_form=ReviewFilterForm,
        select=lambda filters: selectors.review_list(user=user, filters=filters, today=today),
        export=listing.Export("crag-reviews", "reviews", REVIEW_HEADER, _rows),
        rows=lambda shown: _with_publication(shown, clocks.Day(today)),
        template="reviews/review_list.html",
        context=lambda _: {"can_export_scrt": bool(permissions.can_export_scrt(user))},
    )


@login_required
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    review = selectors.review_get(user=user, pk=pk)
    day = clocks.Day(timezone.localdate())
    today = day.on
    crag = bool(permissions.can_do_crag_work(user))
    files = detail_context(user=user, review=review)
    return render(
        request,
        "reviews/review_detail.html",
        {
            "review": review,
            "can_edit": crag,
            "can_edit_record": bool(permissions.can_edit_review_record(user, review)),
            # Only links the reader can follow: the action plan, and the actions they may open.
            "can_view_action_plan": bool(permissions.can_view_action_plan(user)),
            "openable_actions": action_selectors.actions_open_to(user=user, review=review),
            **files,
            "readings": day.review_readings(review),
            "timeline": timeline(review, files["documents"]),
            "transitions": lifecycle.transitions_from(review, user) if crag else [],
            "past_target": review_record.is_past_target(review, today),
            "today": today,
        },
    )


def _for_crag_work(request: HttpRequest, pk: int) -> tuple[User, Review]:
    """The signed-in user and the review, for a page of CRAG's own work on it: 404 when the user
    may not see the review, 403 when they may see it but not do this."""
    user = actor(request)
    review = selectors.review_get(user=user, pk=pk)
    permissions.require(bool(permissions.can_do_crag_work(user)))
    return user, review


def _back(review: Review) -> str:
    return reverse("reviews:review_detail", args=[review.pk])


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    review = selectors.review_get(user=user, pk=pk)
    permissions.require(bool(permissions.can_edit_review_record(user, review)))
    initial = {name: getattr(review, name) for name in review_record.RECORD_FIELDS}
    form: ReviewRecordForm
    if permissions.can_do_crag_work(user):
        initial |= {"title": review.title, "cost_gbp": review.cost_gbp, "themes": list(review.themes.all())}
        form = ReviewAdministrationForm(posted(request), initial=initial, read=review)
    else:
        form = ReviewRecordForm(posted(request), initial=initial, read=review)
    return submit(
        request,
        form,
        lambda data: review_record.review_update_record(actor=user, review=review, **data),
        success=lambda _: "Review record saved.",
        then=lambda _: _back(review),
        title=f"Edit the record of {review.title}",
        submit="Save",
        back=_back(review),
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_reviewer(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = _for_crag_work(request, pk)
    return submit(
        request,
        ReviewerForm(posted(request), initial={"reviewer": review.reviewer}, read=review),
        lambda data: review_record.review_assign_reviewer(actor=user, review=review, **data),
        success=lambda done: (
            f"{done.reviewer.full_name} is the reviewer." if done.reviewer else "The reviewer was removed."
        ),
        then=lambda _: _back(review),
        title=f"Independent reviewer for {review.title}",
        submit="Save",
        back=_back(review),
        intro="The reviewer will see this review only, with the children's pseudonyms.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_transition(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    user, review = _for_crag_work(request, pk)
    transition = lifecycle.find(review.status, to)
    if transition is None:  # made already, or the review moved on since the form was read
        if (conflict := moved_on(request, review, back=_back(review))) is not None:
            return conflict
        raise Http404
    permissions.require(transition.allowed(user))
    form_class = CloseWithoutPublicationForm if transition.needs_justification else TransitionForm
    form = form_class(posted(request), initial={"on": timezone.localdate()}, read=review)
    if transition.needs_note:
        form.fields["note"].required = True
        form.fields["note"].error_messages["required"] = "Say why"
    why_not = transition.ready(review)
    return submit(
        request,
        form,
        lambda data: lifecycle.review_move(actor=user, review=review, to=to, **data),
        success=lambda done: f"The review is now {done.get_status_display().lower()}.",
        then=lambda _: _back(review),
        title=f"{transition.verb}: {review.title}",
        submit=transition.verb,
        back=_back(review),
        intro=why_not
        or f"The review will move from {review.get_status_display().lower()} to "
        f"{ReviewStatus(to).label.lower()}. This is recorded on its timeline.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_pause(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = _for_crag_work(request, pk)
    if lifecycle.find(review.status, ReviewStatus.PAUSED) is None:
        if (conflict := moved_on(request, review, back=_back(review))) is not None:
            return conflict
        raise Http404
    return submit_once(
        request,
        PauseForm(posted(request), read=review),
        lambda data: lifecycle.review_pause(actor=user, review=review, note=data.pop("notes"), **data),
        success=lambda _: "The review is paused. The six-month target does not move.",
        then=lambda _: _back(review),
        title=f"Pause {review.title}",
        submit="Pause the review",
        back=_back(review),
        intro="A review is paused only for a process running alongside it, such as an inquest or a "
        "criminal trial. Pauses do not move the six-month target.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def process_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = _for_crag_work(request, pk)
    return submit_once(
        request,
        ParallelProcessForm(posted(request)),
        lambda data: lifecycle.parallel_process_add(actor=user, review=review, **data),
        success=lambda done: f"{done.get_kind_display()} recorded.",
        then=lambda _: _back(review),
        title=f"Record a parallel process for {review.title}",
        submit="Record process",
        back=_back(review),
    )


@login_required
@require_http_methods(["GET", "POST"])
def process_end(request: HttpRequest, pk: int, process_pk: int) -> HttpResponse:
    user, review = _for_crag_work(request, pk)
    process = get_object_or_404(ParallelProcess, pk=process_pk, review=review)
    if process.ended_on is not None:  # ended already, perhaps since the form was read
        if (conflict := moved_on(request, review, back=_back(review))) is not None:
            return conflict
        raise Http404
    return submit(
        request,
        EndProcessForm(posted(request), read=review),
        lambda data: lifecycle.parallel_process_end(actor=user, process=process, **data),
        success=lambda done: f"{done.get_kind_display()} ended.",
        then=lambda _: _back(review),
        title=f"End of the {process.get_kind_display().lower()}",
        submit="Record the end",
        back=_back(review),
        intro="A paused review stays paused until someone resumes it.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def life_letter(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    review = selectors.review_get(user=user, pk=pk)
    permissions.require(bool(permissions.can_edit_review_record(user, review)))
    children = list(review.children.all())
    initial = {}
    chosen = request.GET.get("child", "")
    letter = next((x for x in review.life_letters.all() if str(x.child_id) == chosen), None)
    if letter is not None:
        initial = {
            "child": letter.child,
            "stage": letter.stage,
            "approved_on": letter.approved_on,
            "given_on": letter.given_on,
            "saved_on_file_on": letter.saved_on_file_on,
            "notes": letter.notes,
        }
    return submit(
        request,
        LifeLetterForm(posted(request), initial=initial, children=children, read=review),
        lambda data: review_record.life_letter_record(actor=user, review=review, **data),
        success=lambda done: f"Life letter for {done.child.pseudonym} recorded.",
        then=lambda _: _back(review),
        title="Life letter",
        submit="Save",
        back=_back(review),
        intro="The letter to the child about what the review learned: drafted, approved, given to the "
        "child, then saved on file.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_delay(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = _for_crag_work(request, pk)
    initial = {"delay_reason": review.delay_reason, "delay_reason_sent_on": review.delay_reason_sent_on}
    return submit(
        request,
        DelayReasonForm(posted(request), initial=initial, read=review),
        lambda data: review_record.review_record_delay(actor=user, review=review, **data),
        success=lambda _: "Reason for delay recorded.",
        then=lambda _: _back(review),
        title=f"Reason for delay: {review.title}",
        submit="Save",
        back=_back(review),
        intro="A CSPR is completed and published within "
        f"{clocks.CSPR_PUBLICATION.period.text()} of the decision to initiate it. Past that, the reason "
        "for the delay goes to the Panel and the Secretary of State; you can record it as soon as you "
        "know the review will be late. Once it is sent, the reminders come monthly instead of daily.",
    )
