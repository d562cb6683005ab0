"""Forms of a review's record and lifecycle (issue 6)."""

from typing import TYPE_CHECKING, Any, cast

from django import forms

from crag import roles
from crag.models import User
from reviews.choices import Engagement, LifeLetterStage, ParallelProcessKind, ReviewKind, ReviewStatus
from reviews.editing.versions import VersionedForm
from reviews.fields import GovDateField
from reviews.models import Child, Theme

BLOCKS = (
    ("blocks_family_contact", "Contact with the family"),
    ("blocks_practitioner_interviews", "Practitioner interviews"),
    ("blocks_publication", "Publication"),
)


class ReviewFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=[("", "Any"), *ReviewKind.choices], required=False)
    status = forms.ChoiceField(label="Status", choices=[("", "Any"), *ReviewStatus.choices], required=False)
    year = forms.IntegerField(label="Year of the decision", min_value=1990, max_value=2100, required=False)
    theme = forms.ModelChoiceField(
        label="Theme", queryset=Theme.objects.all(), required=False, empty_label="Any", to_field_name="slug"
    )
    past_target = forms.BooleanField(label="CSPRs past their six-month target only", required=False)
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[
            ("-decision", "Newest decision first"),
            ("decision", "Oldest decision first"),
            ("title", "Title"),
            ("status", "Status"),
        ],
    )


class ReviewRecordForm(VersionedForm, forms.Form):
    """The narrative of the review: the reviewer writes it; CRAG also sets cost and themes."""

    terms_of_reference = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)
    methodology = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    family_engagement = forms.ChoiceField(
        label="Family engagement",
        choices=Engagement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how far the family took part"},
    )
    family_engagement_notes = forms.CharField(
        label="Notes on family engagement", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    practitioner_engagement = forms.ChoiceField(
        label="Practitioner engagement",
        choices=Engagement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how far practitioners took part"},
    )
    practitioner_engagement_notes = forms.CharField(
        label="Notes on practitioner engagement", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReviewAdministrationForm(ReviewRecordForm):
    """What CRAG also records: the title, cost and themes."""

    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text='A pseudonymised label, for example "Child M"',
        error_messages={"required": "Enter the review's title"},
    )
    cost_gbp = forms.DecimalField(
        label="Cost (GBP)",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text="In pounds, for example 12500.00",
        error_messages={
            "invalid": "Enter the cost as a number of pounds, for example 12500.00",
            "min_value": "The cost cannot be negative",
            "max_digits": "The cost must be less than 100,000,000 pounds",
            "max_decimal_places": "Enter the cost to the nearest penny",
        },
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    field_order = ("title", "cost_gbp", "themes")


class ReviewerForm(VersionedForm, forms.Form):
    reviewer = forms.ModelChoiceField(
        label="Independent reviewer",
        queryset=User.objects.none(),
        empty_label="No reviewer",
        required=False,
        help_text="Only users in the Independent reviewer role are listed.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Any]", self.fields["reviewer"])
        reviewers = User.objects.filter(groups__name=roles.INDEPENDENT_REVIEWER, is_active=True)
        field.queryset = reviewers.order_by("email")


class TransitionForm(VersionedForm, forms.Form):
    on = GovDateField(label="Date", help_text="The day it happened, for example 27 3 2026")
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ParallelProcessForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which process",
        choices=ParallelProcessKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the parallel process"},
    )
    started_on = GovDateField(label="Date it started")
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    blocks = forms.MultipleChoiceField(
        label="What it holds up",
        help_text="Select all that apply",
        choices=BLOCKS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        """The choices become the process's three flags."""
        data = super().clean() or {}
        chosen = set(data.pop("blocks", []) or [])
        return data | {name: name in chosen for name, _ in BLOCKS}


class PauseForm(VersionedForm, ParallelProcessForm):
    """Pausing names the process holding the review up, and why."""

    notes = forms.CharField(
        label="Why the review is paused",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the review is paused"},
    )


class EndProcessForm(VersionedForm, forms.Form):
    ended_on = GovDateField(label="Date it ended")


if TYPE_CHECKING:  # django-stubs' generic field; at run time it takes no type argument
    ChildField = forms.ModelChoiceField[Child]
else:
    ChildField = forms.ModelChoiceField


class ChildChoiceField(ChildField):
    """Children are named by their pseudonym only."""

    def label_from_instance(self, obj: Child) -> str:
        return obj.pseudonym


class LifeLetterForm(VersionedForm, forms.Form):
    child = ChildChoiceField(
        label="Child", queryset=Child.objects.none(), error_messages={"required": "Choose the child"}
    )
    stage = forms.ChoiceField(
        label="Stage",
        choices=LifeLetterStage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the stage the life letter has reached"},
    )
    approved_on = GovDateField(label="Date approved", required=False)
    given_on = GovDateField(label="Date given to the child", required=False)
    saved_on_file_on = GovDateField(label="Date saved on file", required=False)
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, children: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Any]", self.fields["child"])
        field.queryset = Child.objects.filter(pk__in=[c.pk for c in children]).order_by("pseudonym")


class DelayReasonForm(VersionedForm, forms.Form):
    delay_reason = forms.CharField(
        label="Reason for delay",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Record the reason for the delay"},
    )
    delay_reason_sent_on = GovDateField(
        label="Date sent to the Panel and the Secretary of State", required=False
    )


class PublicationForm(VersionedForm, forms.Form):
    planned_publication_on = GovDateField(label="Planned publication date", required=False)
    panel_notice_on = GovDateField(label="Date the final report was sent to the Panel", required=False)
    secretary_of_state_notice_on = GovDateField(
        label="Date the final report was sent to the Secretary of State", required=False
    )
    ofsted_notice_on = GovDateField(label="Date the final report was sent to Ofsted", required=False)
    published_on = GovDateField(label="Date published", required=False)
    publication_url = forms.URLField(
        label="Web address of the published report", required=False, assume_scheme="https"
    )
