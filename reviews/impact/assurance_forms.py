"""Forms of the assurance pages: planning an activity, recording its findings, and the list's
filters. They check the shape of input; reviews/impact/assurance.py checks the rest."""

from typing import Any

from django import forms

from crag.models import Agency
from reviews.choices import AssuranceKind, PracticeChange
from reviews.editing.versions import VersionedForm
from reviews.fields import GovDateField
from reviews.impact import assurance
from reviews.learning.forms import RecommendationChoiceField
from reviews.models import AssuranceActivity, Theme

NUMERIC = {"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input govuk-input--width-5"}
MOST_SAMPLED = 100_000


class AssurancePlanForm(VersionedForm, forms.Form):
    """What the activity is, when it is planned for and what it tests (create and correct)."""

    kind = forms.ChoiceField(
        label="Kind of activity",
        choices=AssuranceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of activity"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Multi-agency audit of safe sleep advice, six months on",
        error_messages={"required": "Enter a title for the activity"},
    )
    planned_on = GovDateField(
        label="Date it is planned for", help_text="It may be in the future. For example, 27 9 2026"
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies taking part",
        queryset=Agency.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    recommendations = RecommendationChoiceField(
        label="Recommendations it tests",
        help_text="Local and external reviews' recommendations, by their source. Select all that apply.",
        queryset=assurance.recommendations_to_choose(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes it tests",
        queryset=Theme.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    @staticmethod
    def initial_for(activity: AssuranceActivity) -> dict[str, Any]:
        """The form's starting values for correcting the plan."""
        return {
            "kind": activity.kind,
            "title": activity.title,
            "planned_on": activity.planned_on,
            "agencies": list(activity.agencies.all()),
            "recommendations": list(activity.recommendations.all()),
            "themes": list(activity.themes.all()),
        }


class FindingsForm(VersionedForm, forms.Form):
    """What the activity found: all of date, findings and whether practice changed, at once."""

    completed_on = GovDateField(
        label="Date the activity was completed",
        help_text="Today or in the past. For example, 27 9 2026",
    )
    sample = forms.IntegerField(
        label="Number of cases or responses looked at",
        help_text="Optional",
        required=False,
        min_value=0,
        max_value=MOST_SAMPLED,
        widget=forms.TextInput(attrs=NUMERIC),
        error_messages={
            "invalid": "Enter the number looked at as a whole number, like 20",
            "min_value": "The number looked at cannot be negative",
            "max_value": f"The number looked at must be {MOST_SAMPLED:,} or fewer",
        },
    )
    findings = forms.CharField(
        label="What the activity found",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": assurance.FINDINGS_REQUIRED["findings"]},
    )
    practice_changed = forms.ChoiceField(
        label="Did practice change?",
        choices=PracticeChange.choices,
        widget=forms.RadioSelect,
        error_messages={"required": assurance.FINDINGS_REQUIRED["practice_changed"]},
    )

    @staticmethod
    def initial_for(activity: AssuranceActivity) -> dict[str, Any]:
        return {
            "completed_on": activity.completed_on,
            "sample": activity.sample,
            "findings": activity.findings,
            "practice_changed": activity.practice_changed,
        }


class AssuranceFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any"), (assurance.PLANNED, "Planned"), (assurance.COMPLETED, "Completed")],
    )
    kind = forms.ChoiceField(label="Kind", choices=[("", "Any"), *AssuranceKind.choices], required=False)
    practice_changed = forms.ChoiceField(
        label="Practice changed", choices=[("", "Any"), *PracticeChange.choices], required=False
    )
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[
            ("-planned", "Latest planned first"),
            ("planned", "Earliest planned first"),
            ("-completed", "Latest completed first"),
            ("title", "Title"),
            ("kind", "Kind"),
        ],
    )
