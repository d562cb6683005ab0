"""How a view turns a valid form into a service call, and a refusal into form errors."""

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from crag.models import User
from reviews.editing import versions
from reviews.editing.conflicts import conflict_page


def actor(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind login_required)."""
    return cast(User, request.user)


def call_service(form: forms.BaseForm, call: Callable[[], Any]) -> Any | None:
    """Run the service; on a ValidationError put its messages on the form and return None; on an
    EditConflict (the record was saved since the form was read) keep it on the form, for form_page
    to show the conflict page. The service is atomic, so a refusal has written nothing."""
    try:
        return call()
    except versions.EditConflict as conflict:
        form.conflict = conflict  # type: ignore[attr-defined]
        return None
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            form.add_error(None, error.messages)
        return None


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    title: str,
    submit: str,
    back: str,
    intro: str = "",
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """A page with one form: title, optional intro, the form, a submit button and a way back; or,
    when the form was sent against a record saved since it was read, the conflict page."""
    if (conflict := getattr(form, "conflict", None)) is not None:
        return conflict_page(request, conflict, back=back, form=form)
    context = {"form": form, "title": title, "submit": submit, "back": back, "intro": intro, **extra}
    return render(request, "reviews/form_page.html", context, status=status)


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST (even an empty one, so that it is validated), else None."""
    return request.POST if request.method == "POST" else None


def submit(
    request: HttpRequest,
    form: forms.BaseForm,
    call: Callable[[dict[str, Any]], Any],
    *,
    success: Callable[[Any], str],
    then: Callable[[Any], str],
    **page: Any,
) -> HttpResponse:
    """The usual form page: on a valid POST run the service with the cleaned data, say what was
    done and go on; otherwise (or when the service refuses) show the form with its errors."""
    if request.method == "POST" and form.is_valid():
        done = call_service(form, lambda: call(form.cleaned_data))
        if done is not None:
            messages.success(request, success(done))
            return redirect(then(done))
    return form_page(request, form, **page)


def confirm_step(
    request: HttpRequest,
    *,
    call: Callable[[], Any],
    done: str,
    back: str,
    caption: str,
    title: str,
    button: str,
    text: str,
    destructive: bool = False,
) -> HttpResponse:
    """A confirmation page (GET) and the step itself (POST): a refusal is shown on the page, in an
    error summary linked to the button, and changes nothing (the service is atomic)."""
    errors: list[str] = []
    if request.method == "POST":
        try:
            call()
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, done)
            return redirect(back)
    context = {
        "back": back,
        "caption": caption,
        "title": title,
        "button": button,
        "text": text,
        "destructive": destructive,
        "errors": errors,
    }
    return render(request, "reviews/confirm_step.html", context, status=400 if errors else 200)
