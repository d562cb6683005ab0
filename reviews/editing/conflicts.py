"""The page shown when an edit form was sent against a record saved since it was read
(reviews/editing/versions.py): what the user entered beside what is saved now, field by field, who saved
it and when (from the audit log), and a way back to the form with the saved values. Status 409;
nothing was changed."""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from auditlog.models import LogEntry
from django import forms
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from crag.audit import ChangeLines
from reviews.editing import versions

NOT_RECORDED = "Not recorded"
LATEST = 3  # audit entries shown at most


def _shown(field: forms.Field, value: object) -> str:
    """A value as a person reads it: a choice by its label, a date in words, records by name."""
    if value is None or value == "" or (isinstance(value, list | tuple | models.QuerySet) and not value):
        return NOT_RECORDED
    if isinstance(value, models.QuerySet | list | tuple):
        return ", ".join(_shown(field, item) for item in value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(field, forms.ModelChoiceField):
        rows = field.queryset
        found = rows.filter(pk=value).first() if rows is not None and str(value).isdigit() else None
        return str(found) if found is not None else str(value)
    if isinstance(value, bool) and not getattr(field, "choices", None):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %B %Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    choices = {str(k).lower(): str(label) for k, label in getattr(field, "choices", ()) or ()}
    return choices.get(str(value).lower(), str(value))


def _rows(form: forms.BaseForm) -> list[tuple[str, str, str, bool]]:
    """Label, what was entered, what is saved now (the form's starting values, read from the record
    as it is now), and whether they differ."""
    rows = []
    entered = getattr(form, "cleaned_data", {})
    for bound in form.visible_fields():
        name, field = bound.name, bound.field
        yours = _shown(field, entered.get(name, bound.data))
        saved = _shown(field, form.initial.get(name, field.initial))
        rows.append((str(bound.label), yours, saved, yours != saved))
    return rows


def _history(record: models.Model, read: int) -> list[tuple[LogEntry, list[str]]]:
    """The latest changes of the record in the audit log: who saved it, when, and what."""
    newer = getattr(record, versions.FIELD) - read if read >= 0 else 1
    entries: Iterable[LogEntry] = list(
        LogEntry.objects.get_for_object(record)
        .filter(action=LogEntry.Action.UPDATE)
        .select_related("actor", "content_type")
        .order_by("-timestamp")[: max(1, min(newer, LATEST))]
    )
    lines = ChangeLines(entries)
    return [(entry, lines.lines(entry)) for entry in entries]


def conflict_page(
    request: HttpRequest,
    conflict: versions.EditConflict,
    *,
    back: str,
    form: forms.BaseForm | None = None,
    again: str = "",
) -> HttpResponse:
    """The conflict page (409): nothing was saved; both values, the record's latest changes, and
    the way back to the form, which shows the saved values (`again`, by default this same page)."""
    return render(
        request,
        "reviews/conflict.html",
        {
            "record": conflict.record,
            "rows": _rows(form) if form is not None else [],
            "history": _history(conflict.record, conflict.read),
            "again": again or request.get_full_path(),
            "back": back,
        },
        status=409,
    )


def posted_version(request: HttpRequest) -> int | None:
    """The version a form was sent with, read straight from the request (for a page that can no
    longer build its form because the record moved on)."""
    raw = request.POST.get(versions.FIELD, "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= 9 else None


def moved_on(request: HttpRequest, record: models.Model, *, back: str) -> HttpResponse | None:
    """A form sent for a step the record has moved past (a transition already made, a process
    already ended): the conflict page when it was read at an older version, else None (then the
    page is not found, as before)."""
    read = posted_version(request)
    if request.method != "POST" or read is None or read == getattr(record, versions.FIELD):
        return None
    return conflict_page(request, versions.EditConflict(record, read), back=back, again=back)
