"""Forms of the requests for agencies' returns: they check the shape of input; the rules across
records (an agency already asked, a return that is no longer open) live in the services."""

from typing import Any

from django import forms

from crag.models import Agency
from reviews.casework.document_forms import DocumentForm
from reviews.choices import ContributionKind, ContributionStatus
from reviews.editing.versions import VersionedForm
from reviews.fields import GovDateField
from reviews.models import ContributionRequest


class ContributionRequestForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies to ask",
        queryset=Agency.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one agency to ask"},
    )
    kind = forms.ChoiceField(
        label="What is asked for",
        choices=ContributionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what is asked for", "invalid_choice": "Choose what is asked for"},
    )
    description = forms.CharField(
        label="Description",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What the agencies are asked for (needed for 'Other')",
    )
    due_on = GovDateField(label="Due date")


def _text(label: str) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 6}), required=False)


class ContributionReturnForm(VersionedForm, forms.Form):
    """The agency's return under the Rapid Review template's headings."""

    involvement = _text("Involvement with the child and family")
    key_practice_episodes = _text("Key practice episodes")
    went_well = _text("What went well")
    could_be_better = _text("What could have gone better")
    safety_actions_taken = _text("Immediate safety actions taken")
    other_text = _text("The return")

    def __init__(self, *args: Any, kind: str = ContributionKind.AGENCY_SUMMARY, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A summary is written under the template's headings; a report or other return as one text.
        summary = kind == ContributionKind.AGENCY_SUMMARY
        for name in ContributionRequest.RETURN_FIELDS:
            if (name == "other_text") == summary:
                del self.fields[name]


class ContributionReturnForMoreForm(forms.Form):
    reason = forms.CharField(
        label="What more is needed",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why the return needs more"},
    )
    due_on = GovDateField(label="New due date")


class ContributionDueForm(forms.Form):
    due_on = GovDateField(label="New due date")
    reason = forms.CharField(
        label="Why the due date changes",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the due date changes"},
    )


class ContributionDocumentForm(DocumentForm):
    """A document of the agency's return: the review documents' file field, without their kinds."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"]


class ContributionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any"), *ContributionStatus.choices], required=False
    )
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.order_by("name"), required=False, empty_label="Any"
    )
    kind = forms.ChoiceField(label="Kind", choices=[("", "Any"), *ContributionKind.choices], required=False)
    overdue = forms.BooleanField(label="Overdue only", required=False)
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[
            ("due", "Due soonest"),
            ("-due", "Due latest"),
            ("agency", "Agency"),
            ("status", "Status"),
            ("requested", "Most recently asked"),
        ],
    )
