"""Create forms that create once: the view side of reviews.editing.form_tokens."""

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from reviews.editing import form_tokens
from reviews.editing.handling import actor, call_service, form_page

FIELD = "form_token"  # the hidden input's name (templates/reviews/partials/form_token.html)
ALREADY_SENT = "This form had already been sent, so nothing new was recorded. Here is what it recorded."


class _Taken(Exception):
    """Another send of the same form holds the token."""


class _Refused(Exception):
    """The service refused (its messages are on the form): undo the claim with everything else."""


class Once:
    """A create form's one-time token: given to the form when it is shown (a form shown again
    with its errors keeps the token it was sent with), claimed when the create succeeds."""

    def __init__(self, request: HttpRequest, form: forms.BaseForm) -> None:
        self.request = request
        self.sent = form_tokens.parse(request.POST.get(FIELD)) if request.method == "POST" else None
        form.form_token = self.sent or uuid.uuid4()  # type: ignore[attr-defined]

    def earlier(self) -> HttpResponse | None:
        """When this form was already sent successfully: the page it went on to."""
        if self.sent is None:
            return None
        done = form_tokens.earlier(user=actor(self.request), token=self.sent)
        if done is None:
            return None
        messages.info(self.request, ALREADY_SENT)
        return redirect(done.url)

    def create(
        self,
        form: forms.BaseForm,
        call: Callable[[], Any],
        *,
        success: Callable[[Any], str],
        then: Callable[[Any], str],
    ) -> HttpResponse | None:
        """Run the create with the token claimed in its transaction; the page to go on to, or None
        when the service refused (its messages are then on the form)."""
        if self.sent is None:  # a client that sends no token (an API test, an old page): no guard
            done = call_service(form, call)
        else:
            try:
                with transaction.atomic():
                    try:
                        claimed = form_tokens.claim(user=actor(self.request), token=self.sent)
                    except IntegrityError:
                        raise _Taken from None
                    done = call_service(form, call)
                    if done is None:
                        raise _Refused
                    form_tokens.record(claimed, created=done, url=then(done))
            except _Refused:
                return None
            except _Taken:  # the same form sent twice at once: the other send created the record
                if (earlier := self.earlier()) is not None:
                    return earlier
                form.add_error(None, "This form can no longer be sent. Reload the page and try again.")
                return None
        if done is None:
            return None
        messages.success(self.request, success(done))
        return redirect(then(done))


def submit_once(
    request: HttpRequest,
    form: forms.BaseForm,
    call: Callable[[dict[str, Any]], Any],
    *,
    success: Callable[[Any], str],
    then: Callable[[Any], str],
    **page: Any,
) -> HttpResponse:
    """handling.submit for a form that creates a record: sent twice, it creates once."""
    once = Once(request, form)
    if (earlier := once.earlier()) is not None:
        return earlier
    if request.method == "POST" and form.is_valid():
        done = once.create(form, lambda: call(form.cleaned_data), success=success, then=then)
        if done is not None:
            return done
    return form_page(request, form, **page)
