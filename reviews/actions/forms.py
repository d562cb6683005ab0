"""Forms of recommendations and the action plan: they check the shape of input; rules across
records live in the services."""

from django import forms

from crag.models import Agency
from reviews.choices import ActionStatus, ExternalReviewSource, Rag
from reviews.editing.versions import VersionedForm
from reviews.fields import GovDateField


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the recommendation"},
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies it is for",
        queryset=Agency.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    priority = forms.CharField(label="Business-plan priority", max_length=200, required=False)


class ActionForm(forms.Form):
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the action"},
    )
    owner_agency = forms.ModelChoiceField(
        label="Owner agency",
        queryset=Agency.objects.all(),
        error_messages={"required": "Choose the agency that owns the action"},
    )
    owner_name = forms.CharField(label="Owner (person)", max_length=150, required=False)
    due_on = GovDateField(label="Due date")


class ActionProgressForm(VersionedForm, forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=[c for c in ActionStatus.choices if c[0] != ActionStatus.CLOSED],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the action's status"},
    )
    text = forms.CharField(label="Progress update", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    completed_on = GovDateField(label="Date completed", required=False, help_text="Only when complete")
    evidence = forms.CharField(
        label="Evidence of impact", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class RateForm(VersionedForm, forms.Form):
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose red, amber or green"},
    )
    comment = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Explain the rating"},
    )


class CloseActionForm(VersionedForm, forms.Form):
    evidence = forms.CharField(
        label="Evidence of impact",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Record the evidence of impact before closing the action"},
    )


class ActionFilterForm(forms.Form):
    # Text, not a list: years of reviews would make a drop-down of thousands.
    review = forms.CharField(
        label="Review",
        max_length=100,
        required=False,
        help_text='Its title, local or external, for example "Child M"',
    )
    # Values as reviews.actions.selectors.LOCAL and EXTERNAL (forms import no selectors).
    source = forms.ChoiceField(
        label="Source",
        choices=[
            ("", "Any"),
            ("local", "Local review"),
            ("external", "Any external review"),
            *ExternalReviewSource.choices,
        ],
        required=False,
    )
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.all(), required=False, empty_label="Any"
    )
    status = forms.ChoiceField(label="Status", choices=[("", "Any"), *ActionStatus.choices], required=False)
    rag = forms.ChoiceField(label="RAG", choices=[("", "Any"), *Rag.choices], required=False)
    overdue = forms.BooleanField(label="Overdue only", required=False)
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[("due", "Due soonest"), ("-due", "Due latest"), ("agency", "Agency"), ("status", "Status")],
    )
