"""Forms of the register of external reviews: they check the shape of input; the rules (dates not
in the future, a response before its agreement date) live in reviews.external.services."""

from typing import Any

from django import forms

from crag.models import Agency
from reviews.choices import ExternalReviewSource
from reviews.editing.versions import VersionedForm
from reviews.fields import GovDateField
from reviews.models import ExternalReview, Theme


class ExternalReviewForm(VersionedForm, forms.Form):
    source = forms.ChoiceField(
        label="Where it comes from",
        choices=ExternalReviewSource.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the review comes from"},
    )
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the title of the external review"}
    )
    author = forms.CharField(
        label="Published by",
        max_length=200,
        required=False,
        help_text="For example, the Child Safeguarding Practice Review Panel or another partnership",
    )
    published_on = GovDateField(label="Date published")
    url = forms.URLField(
        label="Web address",
        max_length=200,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://www.gov.uk/..."},
    )
    summary = forms.CharField(label="Summary", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    @staticmethod
    def initial_for(review: ExternalReview) -> dict[str, Any]:
        """The form's starting values for correcting a review."""
        fields = ("source", "title", "author", "published_on", "url", "summary")
        return {name: getattr(review, name) for name in fields} | {"themes": list(review.themes.all())}


class LocalResponseForm(VersionedForm, forms.Form):
    local_response = forms.CharField(
        label="Local response",
        help_text="How local practice compares with the review's findings: what is in place, the gaps, "
        "and what the partnership will do about them",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    response_agreed_on = GovDateField(
        label="Date the response was agreed", required=False, help_text="Leave blank while it is a draft"
    )


class ExternalRecommendationForm(forms.Form):
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


class ExternalReviewFilterForm(forms.Form):
    source = forms.ChoiceField(
        label="Source", choices=[("", "Any"), *ExternalReviewSource.choices], required=False
    )
    theme = forms.ModelChoiceField(
        label="Theme", queryset=Theme.objects.all(), to_field_name="slug", required=False, empty_label="Any"
    )
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[
            ("-published", "Newest first"),
            ("published", "Oldest first"),
            ("title", "Title"),
            ("source", "Source"),
        ],
    )
