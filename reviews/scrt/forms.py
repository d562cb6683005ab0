"""Forms of the S-CRT pages: the export's filters and the review's health details."""

from typing import Any

from django import forms

from reviews.editing.versions import VersionedForm
from reviews.models import Review
from reviews.scrt import export
from reviews.scrt.services import HEALTH_FIELDS

YEAR = {"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input govuk-input--width-4"}


class ScrtFilterForm(forms.Form):
    year = forms.IntegerField(
        label="Year added",
        help_text="The year the case was referred, for example 2026. Leave blank for every year.",
        min_value=2000,
        max_value=2100,
        required=False,
        widget=forms.TextInput(attrs=YEAR),
        error_messages={
            "invalid": "Enter the year as four digits, like 2026",
            "min_value": "Enter a year from 2000",
            "max_value": "Enter a year up to 2100",
        },
    )
    status = forms.ChoiceField(
        label="Open or closed",
        required=False,
        choices=[("", "Both"), (export.OPEN, "Open"), (export.CLOSED, "Closed")],
    )


class HealthForm(VersionedForm, forms.Form):
    steis_number = forms.CharField(
        label="StEIS or serious incident number",
        max_length=32,
        required=False,
        help_text="If the NHS recorded the incident as a serious incident",
    )
    designated_professional = forms.CharField(
        label="Designated professional (health)",
        max_length=150,
        required=False,
        help_text="The ICB's designated professional who keeps this case's record in S-CRT",
    )
    health_organisations = forms.CharField(
        label="NHS organisations involved",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line, for example the hospital trust, the GP practice, the community provider",
    )

    @staticmethod
    def initial_for(review: Review) -> dict[str, Any]:
        return {name: getattr(review, name) for name in HEALTH_FIELDS}
