"""Forms of learning into practice: sending a resource to agencies, recording how an agency used
it, and the list of resources sent. They check the shape of input; the services check the rest
(an agency sent once, a use dated between its sending and today)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from crag.models import Agency
from reviews.choices import ResourceUseKind
from reviews.editing.versions import VersionedForm
from reviews.fields import GovDateField, not_in_future

MOST_REACHED = 1_000_000  # far above any agency's workforce
NUMERIC = {"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input govuk-input--width-5"}


class SendForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies to send it to",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Agencies it has already been sent to are not listed",
        error_messages={"required": "Choose at least one agency to send it to"},
    )
    sent_on = GovDateField(label="Date sent")
    message = forms.CharField(
        label="Message to the agencies",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="For example, what you ask them to do with it and by when",
    )

    def __init__(self, *args: Any, agencies: "QuerySet[Agency]", **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"sent_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies  # type: ignore[attr-defined]

    def clean_sent_on(self) -> Any:
        value = self.cleaned_data.get("sent_on")
        not_in_future(value, "date sent")
        return value


class UseForm(VersionedForm, forms.Form):
    """How an agency used a resource; an edit form carries the use's version (`read=`)."""

    how = forms.ChoiceField(
        label="How was it used?",
        choices=ResourceUseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how it was used"},
    )
    used_from = GovDateField(label="Date first used")
    used_to = GovDateField(
        label="Date used until",
        required=False,
        help_text="If it was used over a period. For example, 27 3 2026",
    )
    reach = forms.IntegerField(
        label="Practitioners reached",
        help_text="How many practitioners it reached, if known",
        required=False,
        min_value=0,
        max_value=MOST_REACHED,
        widget=forms.TextInput(attrs=NUMERIC),
        error_messages={
            "invalid": "Enter the practitioners reached as a whole number, like 12",
            "min_value": "The practitioners reached cannot be negative",
            "max_value": f"The practitioners reached must be {MOST_REACHED:,} or fewer",
        },
    )
    evidence = forms.CharField(
        label="Evidence",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, team meeting minutes, a training register or the changed procedure",
        error_messages={
            "required": "Describe the evidence of how it was used, for example team minutes or a "
            "training register"
        },
    )


class SentFilterForm(forms.Form):
    # Text, not a list: a drop-down of every resource would name those sent to other agencies.
    title = forms.CharField(
        label="Resource", max_length=100, required=False, help_text="Words from its title"
    )
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.all(), required=False, empty_label="Any"
    )
    awaiting = forms.BooleanField(label="No use recorded yet", required=False)
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[
            ("-sent", "Newest first"),
            ("sent", "Oldest first"),
            ("resource", "Resource"),
            ("agency", "Agency"),
        ],
    )
