"""Filter forms of the audit viewer: they check the shape of what is asked, nothing more."""

from datetime import date
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django import forms
from django.contrib.contenttypes.models import ContentType

from crag.models import AuditEventKind, User

SORTS = (("newest", "Newest first"), ("oldest", "Oldest first"))
_DATE = {"type": "date", "class": "govuk-input govuk-input--width-10"}


class _DateRangeForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=User.objects.order_by("email"), required=False, label="User", empty_label="Anyone"
    )
    date_from = forms.DateField(
        required=False,
        label="From",
        widget=forms.DateInput(attrs=_DATE),
    )
    date_to = forms.DateField(
        required=False,
        label="To",
        widget=forms.DateInput(attrs=_DATE),
    )
    sort = forms.ChoiceField(choices=SORTS, required=False, label="Order")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: date | None = data.get("date_from")
        end: date | None = data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date.")
        return data


def _audited_content_types() -> list[tuple[str, str]]:
    types = ContentType.objects.get_for_models(*auditlog.get_models())
    return [
        ("", "Any"),
        *sorted(
            ((str(ct.pk), ct.name.capitalize()) for ct in types.values()),
            key=lambda choice: choice[1],
        ),
    ]


class ChangeFilterForm(_DateRangeForm):
    """Filters over record changes and access (django-auditlog entries)."""

    action = forms.TypedChoiceField(
        choices=[("", "Any"), *list(LogEntry.Action.choices)],
        coerce=int,
        empty_value=None,
        required=False,
        label="Action",
    )
    record_type = forms.ChoiceField(choices=(), required=False, label="Record type")
    record_id = forms.CharField(
        required=False,
        max_length=64,
        label="Record id",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )

    field_order = ("user", "action", "record_type", "record_id", "date_from", "date_to", "sort")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = _audited_content_types()  # type: ignore[attr-defined]


class EventFilterForm(_DateRangeForm):
    """Filters over security events (sign-ins, second factor, exports)."""

    kind = forms.ChoiceField(
        choices=[("", "Any"), *list(AuditEventKind.choices)], required=False, label="Event"
    )
    identifier = forms.CharField(required=False, max_length=254, label="Email address tried")

    field_order = ("user", "kind", "identifier", "date_from", "date_to", "sort")
