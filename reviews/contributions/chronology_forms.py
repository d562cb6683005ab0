"""Forms of the chronologies: they check the shape of input; the rules (open requests, dates not
in the future, the spreadsheet's rows) live in the services."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet

from crag.models import Agency
from reviews.choices import DatePrecision
from reviews.contributions.chronology_sheet import MAX_BYTES
from reviews.editing.versions import VersionedForm
from reviews.fields import GovDateField, not_in_future


class EntryForm(forms.Form):
    occurred_on = GovDateField(label="Date")
    precision = forms.ChoiceField(
        label="How exactly is the date known?",
        choices=DatePrecision.choices,
        initial=DatePrecision.EXACT,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how exactly the date is known"},
    )
    occurred_at = forms.TimeField(
        label="Time (optional)",
        required=False,
        input_formats=["%H:%M", "%H.%M"],
        help_text="24-hour clock, for example 14:30",
        error_messages={"invalid": "Enter the time on the 24-hour clock, for example 14:30"},
    )
    source = forms.CharField(
        label="Source",
        max_length=200,
        help_text="The record, system or document it comes from",
        error_messages={"required": "Enter the source: the record, system or document it comes from"},
    )
    what_happened = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what happened"},
    )
    significance = forms.CharField(
        label="Your agency's view of its significance (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    key_practice_episode = forms.BooleanField(
        label="Your agency sees this as a key practice episode",
        required=False,
        help_text="A moment when practice could have changed what happened to the child. CRAG "
        "decides on the merged chronology which are the review's key practice episodes.",
    )

    def clean_occurred_on(self) -> date | None:
        value: date | None = self.cleaned_data.get("occurred_on")
        not_in_future(value, "date")
        return value


class EntryEditForm(VersionedForm, EntryForm):
    pass


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload your chronology",
        help_text=f"The Excel template (.xlsx) filled in, smaller than {MAX_BYTES // (1024 * 1024)} MB",
        error_messages={"required": "Choose the spreadsheet to upload", "empty": "The file is empty"},
    )


class MergedFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(), required=False, empty_label="All agencies"
    )
    date_from = GovDateField(label="From", required=False, help_text="For example, 1 3 2024")
    date_to = GovDateField(label="To", required=False, help_text="For example, 31 3 2024")
    key_only = forms.BooleanField(label="Key practice episodes only", required=False)

    agencies: QuerySet[Agency] = Agency.objects.none()  # set by merged_filter_form

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = self.agencies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return cleaned


def merged_filter_form(agencies: QuerySet[Agency]) -> type[MergedFilterForm]:
    """The filter form of one case's merged chronology: its agencies to choose from."""
    return type("CaseFilterForm", (MergedFilterForm,), {"agencies": agencies})
