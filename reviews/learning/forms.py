"""Forms of the learning pages: events (with attendance by agency), resources, commendations and
the lists' filters. They check the shape of input; the services check the rest."""

from typing import TYPE_CHECKING, Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Fieldset, Layout, Size
from django import forms
from django.db.models import QuerySet

from crag.models import Agency
from reviews.choices import LearningEventKind, LearningResourceKind
from reviews.editing.versions import VersionedForm
from reviews.fields import GovDateField
from reviews.models import LearningEvent, LearningResource, Recommendation, Review, Theme

ATTENDANCE_PREFIX = "attendance_"
MOST_ATTENDING = 100_000  # far above any event, far below what the database holds
NUMERIC = {"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input govuk-input--width-5"}
YEAR = {"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input govuk-input--width-4"}


def _count_field(label: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_value=MOST_ATTENDING,
        widget=forms.TextInput(attrs=NUMERIC),
        error_messages={
            "invalid": f"Enter the number from {label} as a whole number, like 12",
            "min_value": f"The number from {label} cannot be negative",
            "max_value": f"The number from {label} must be {MOST_ATTENDING:,} or fewer",
        },
    )


def _themes() -> "forms.ModelMultipleChoiceField[Any]":
    return forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def _reviews(label: str) -> "forms.ModelMultipleChoiceField[Any]":
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Review.objects.order_by("title", "id"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class LearningEventForm(VersionedForm, forms.Form):
    kind = forms.ChoiceField(
        label="Kind of event",
        choices=LearningEventKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of event"},
    )
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the title of the event"}
    )
    held_on = GovDateField(
        label="Date of the event", help_text="It may be in the future. For example, 27 3 2026"
    )
    themes = _themes()
    reviews = _reviews("Reviews it shares learning from")
    feedback = forms.CharField(
        label="Feedback from those attending", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    attendees = forms.IntegerField(
        label="Number who attended in all",
        help_text="Leave blank when you give attendance by agency: the total is their sum",
        required=False,
        min_value=0,
        max_value=MOST_ATTENDING,
        widget=forms.TextInput(attrs=NUMERIC),
        error_messages={
            "invalid": "Enter the number who attended as a whole number, like 40",
            "min_value": "The number who attended cannot be negative",
            "max_value": f"The number who attended must be {MOST_ATTENDING:,} or fewer",
        },
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {a.pk: a for a in (agencies if agencies is not None else Agency.objects.all())}
        for pk, agency in self.agencies.items():
            self.fields[f"{ATTENDANCE_PREFIX}{pk}"] = _count_field(agency.name)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "kind",
            "title",
            "held_on",
            "themes",
            "reviews",
            "feedback",
            Fieldset(
                *[f"{ATTENDANCE_PREFIX}{pk}" for pk in self.agencies],
                "attendees",
                legend="Attendance by agency",
                legend_size=Size.MEDIUM,
            ),
        )

    @staticmethod
    def initial_for(event: LearningEvent) -> dict[str, Any]:
        """The form's starting values for correcting an event."""
        initial: dict[str, Any] = {
            "kind": event.kind,
            "title": event.title,
            "held_on": event.held_on,
            "themes": list(event.themes.all()),
            "reviews": list(event.reviews.all()),
            "feedback": event.feedback,
            "attendees": None if event.attendance.all() else event.attendees,
        }
        for row in event.attendance.all():
            initial[f"{ATTENDANCE_PREFIX}{row.agency_id}"] = row.count
        return initial

    def service_data(self) -> dict[str, Any]:
        """The cleaned values as the service takes them: attendance as {agency: count}."""
        data = dict(self.cleaned_data)
        attendance = {
            agency: data.pop(f"{ATTENDANCE_PREFIX}{pk}", None) for pk, agency in self.agencies.items()
        }
        data["attendance"] = attendance
        return data


class LearningResourceForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of resource",
        choices=LearningResourceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of resource"},
    )
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the title of the resource"}
    )
    published_on = GovDateField(
        label="Date published", required=False, help_text="Leave blank if it is not published yet"
    )
    url = forms.URLField(
        label="Web address",
        max_length=200,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://www.example.org/guide"},
    )
    description = forms.CharField(
        label="Description", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    reviews = _reviews("Reviews it draws on")


class CommendationForm(forms.Form):
    who = forms.CharField(
        label="Practitioner or team",
        max_length=200,
        error_messages={"required": "Enter the practitioner or team commended"},
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.all(),
        error_messages={"required": "Choose the agency", "invalid_choice": "Choose an agency from the list"},
    )
    what = forms.CharField(
        label="The good practice",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Describe the good practice"},
    )
    commended_on = GovDateField(label="Date of the commendation")
    review = forms.ModelChoiceField(
        label="Review that found it",
        queryset=Review.objects.order_by("title", "id"),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose a review from the list"},
    )


SORT_LABEL = "Order"


class LearningEventFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=[("", "Any"), *LearningEventKind.choices], required=False)
    year = forms.IntegerField(
        label="Year held", min_value=2000, max_value=2100, required=False, widget=forms.TextInput(attrs=YEAR)
    )
    theme = forms.ModelChoiceField(
        label="Theme", queryset=Theme.objects.all(), to_field_name="slug", required=False, empty_label="Any"
    )
    sort = forms.ChoiceField(
        label=SORT_LABEL,
        required=False,
        choices=[("-held", "Newest first"), ("held", "Oldest first"), ("title", "Title"), ("kind", "Kind")],
    )


class LearningResourceFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind", choices=[("", "Any"), *LearningResourceKind.choices], required=False
    )
    sort = forms.ChoiceField(
        label=SORT_LABEL,
        required=False,
        choices=[("-published", "Newest first"), ("published", "Oldest first"), ("title", "Title")],
    )


class CommendationFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.all(), required=False, empty_label="Any"
    )
    year = forms.IntegerField(
        label="Year", min_value=2000, max_value=2100, required=False, widget=forms.TextInput(attrs=YEAR)
    )
    sort = forms.ChoiceField(
        label=SORT_LABEL,
        required=False,
        choices=[("-commended", "Newest first"), ("commended", "Oldest first"), ("agency", "Agency")],
    )


if TYPE_CHECKING:  # django-stubs' generic field; at run time it takes no type argument
    RecommendationsField = forms.ModelMultipleChoiceField[Recommendation]
else:
    RecommendationsField = forms.ModelMultipleChoiceField


class RecommendationChoiceField(RecommendationsField):
    """A review's recommendation, named by the review's title, its number and its opening words."""

    def label_from_instance(self, obj: Recommendation) -> str:
        text = obj.text if len(obj.text) <= 90 else obj.text[:89].rstrip() + "…"
        return f"{obj.source_title}, recommendation {obj.number}: {text}"


class ResourceRecommendationsForm(VersionedForm, forms.Form):
    recommendations = RecommendationChoiceField(
        label="Recommendations it comes from",
        help_text="The recommendations of the reviews the resource draws on. Select all that apply.",
        queryset=Recommendation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, resource: LearningResource, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recommendations"]
        if isinstance(field, forms.ModelMultipleChoiceField):
            field.queryset = (
                Recommendation.objects.filter(review__in=resource.reviews.all())
                .select_related("review")
                .order_by("review__title", "number")
            )
