"""Forms of the Rapid Review in the Panel's shape: key practice episodes, and a partner's agreement
to the decision (shapes only: the rules are the services')."""

from datetime import date

from django import forms

from crag.models import Agency
from reviews.editing.versions import VersionedForm
from reviews.fields import GovDateField, not_in_future


class KeyEpisodeForm(VersionedForm, forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title for the episode"}
    )
    occurred_on = GovDateField(label="When it happened", required=False)
    description = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what happened"},
    )
    analysis = forms.CharField(
        label="Analysis",
        help_text="What the partners make of it: what could have been done differently, and why it was not",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies involved",
        queryset=Agency.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean_occurred_on(self) -> date | None:
        value: date | None = self.cleaned_data.get("occurred_on")
        not_in_future(value, "date of the episode")
        return value


class KeyEpisodeDeleteForm(VersionedForm, forms.Form):
    """Deleting the episode as shown: nothing to fill in, only the version it was read at."""


class PartnerAgreeForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        help_text="Anything the partner wants recorded with its agreement",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class PartnerWithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is the agreement withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the agreement is withdrawn"},
    )
