"""Forms of children, incidents, notifications and Rapid Reviews: they check the shape of input;
rules across records live in the services."""

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.db.models import Q
from django.forms.utils import ErrorDict

from crag.models import Agency
from reviews.choices import (
    IncidentKind,
    IncidentLocation,
    PanelResponse,
    RapidReviewOutcome,
    SafetyActionKind,
)
from reviews.editing.versions import VersionedForm
from reviews.fields import YES_NO, YES_NO_UNKNOWN, GovDateField, bool_or_none, not_in_future
from reviews.models import Child, Incident, RapidReview, Theme

if TYPE_CHECKING:  # django-stubs' generic form; at run time it takes no type argument
    ChildModelForm = forms.ModelForm[Child]
else:
    ChildModelForm = forms.ModelForm


class ChildForm(ChildModelForm):
    date_of_birth = GovDateField(label="Date of birth", required=False)
    date_of_death = GovDateField(label="Date of death", required=False)

    class Meta:
        model = Child
        fields = (
            "pseudonym",
            "legal_name",
            "date_of_birth",
            "gender",
            "ethnicity",
            "disability",
            "looked_after",
            "child_protection_plan",
            "child_in_need_plan",
            "deceased",
            "date_of_death",
            "address",
            "case_summary",
        )
        labels: ClassVar = {
            "pseudonym": "Pseudonym",
            "legal_name": "Legal name",
            "looked_after": "Looked after by a council",
        }
        help_texts: ClassVar = {"pseudonym": 'What everyone else sees, for example "Child M"'}
        error_messages: ClassVar = {
            "pseudonym": {"required": "Enter the child's pseudonym"},
            "gender": {"required": "Select the child's gender"},
            "child_protection_plan": {"required": "Select whether the child has a child protection plan"},
            "child_in_need_plan": {"required": "Select whether the child has a child in need plan"},
        }

    def clean_date_of_birth(self) -> date | None:
        value = self.cleaned_data.get("date_of_birth")
        not_in_future(value, "date of birth")
        return value

    def clean_date_of_death(self) -> date | None:
        value = self.cleaned_data.get("date_of_death")
        not_in_future(value, "date of death")
        return value


CHILDREN_SHOWN = 10  # a search shows this many matches, besides the children already chosen


class ChildPicker(forms.CheckboxSelectMultiple):
    """Search and select for children: the chosen ones and a few matches of a search, not every
    child ever recorded (templates/reviews/partials/child_picker.html, without JavaScript)."""

    picker = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offered: list[tuple[str, str, bool]] = []  # value, label, chosen
        self.search = ""
        self.status = ""
        self.identity = False

    @property
    def error_target(self) -> str:
        """With no child shown, a missing child's error leads to the search box."""
        return "" if self.offered else "id_child_search"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class IncidentForm(VersionedForm, forms.Form):
    kind = forms.ChoiceField(
        label="What happened",
        choices=IncidentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened"},
    )
    incident_date = GovDateField(label="Date of the incident")
    aware_date = GovDateField(
        label="Date the council became aware", help_text="Day 0 of every deadline. For example, 27 3 2026"
    )
    location = forms.ChoiceField(
        label="Where",
        choices=IncidentLocation.choices,
        widget=forms.RadioSelect,
        initial=IncidentLocation.IN_AREA,
        error_messages={"required": "Choose where the incident happened"},
    )
    abuse_or_neglect_suspected = forms.TypedChoiceField(
        label="Is abuse or neglect known or suspected?",
        choices=YES_NO,
        coerce=lambda v: v == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether abuse or neglect is known or suspected"},
    )
    children = forms.ModelMultipleChoiceField(
        label="Children",
        queryset=Child.objects.all(),
        widget=ChildPicker,
        error_messages={"required": "Choose at least one child", "invalid_pk_value": "Choose a listed child"},
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    summary = forms.CharField(label="What happened (restricted)", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, searching: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.searching = searching

    def full_clean(self) -> None:
        if self.searching:  # a search for children checks nothing and saves nothing
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
        super().full_clean()

    def show_children(self, *, search: str, identity: bool) -> None:
        """Offer the children already chosen, then the first matches of the search (by pseudonym or
        reference; by legal name too for those who may see it), or else the latest recorded."""
        picker = self.fields["children"].widget
        assert isinstance(picker, ChildPicker)  # noqa: S101 - declared above
        chosen = list(Child.objects.filter(pk__in=self._chosen_child_ids()).order_by("pseudonym"))
        found = Child.objects.exclude(pk__in=[c.pk for c in chosen])
        if search:
            match = Q(pseudonym__icontains=search) | Q(ref__icontains=search)
            found = found.filter(match | Q(legal_name__icontains=search) if identity else match)
        total = found.count()
        shown = list(found.order_by("pseudonym" if search else "-pk")[:CHILDREN_SHOWN])
        picker.offered = [(str(c.pk), c.pseudonym, True) for c in chosen]
        picker.offered += [(str(c.pk), c.pseudonym, False) for c in sorted(shown, key=lambda c: c.pseudonym)]
        picker.search, picker.identity = search, identity
        if search and not total:
            picker.status = (
                f"No child matches \u201c{search}\u201d. Check the spelling, or record the child first."
            )
        elif search:
            more = f": the first {CHILDREN_SHOWN} are shown" if total > CHILDREN_SHOWN else ""
            picker.status = f"{_plural(total, 'child matches', 'children match')} \u201c{search}\u201d{more}."
        elif total > CHILDREN_SHOWN:
            picker.status = (
                f"The {CHILDREN_SHOWN} children recorded last are shown, of {total}. Search to find another."
            )
        elif not total and not chosen:
            picker.status = "No children are recorded yet. Record the child first."

    def _chosen_child_ids(self) -> list[int]:
        if self.is_bound:
            sent = self.data.getlist(self.add_prefix("children")) if hasattr(self.data, "getlist") else []
            return [int(v) for v in sent if str(v).isdecimal()]
        return [c.pk if isinstance(c, Child) else int(c) for c in self.initial.get("children", [])]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        incident, aware = data.get("incident_date"), data.get("aware_date")
        for field, label in (("incident_date", "date of the incident"), ("aware_date", "date of awareness")):
            try:
                not_in_future(data.get(field), label)
            except forms.ValidationError as error:
                self.add_error(field, error)
        if incident and aware and aware < incident:
            self.add_error("aware_date", "The date the council became aware must be on or after the incident")
        return data


def incident_initial(incident: Incident) -> dict[str, Any]:
    """The incident form's values for a recorded incident: its fields (Incident.RECORD_FIELDS), the
    children and themes as lists."""
    initial = {name: getattr(incident, name) for name in Incident.RECORD_FIELDS}
    return initial | {name: list(initial[name].all()) for name in ("children", "themes")}


class IncidentCreateForm(IncidentForm):
    """Recording an incident: the same child with the same incident date is likely a duplicate,
    recorded only once the user confirms it is a different incident."""

    different_incident = forms.BooleanField(label="This is a different incident", required=False)

    field_order = ("different_incident",)


class NotificationForm(VersionedForm, forms.Form):
    panel_notified_on = GovDateField(label="Date the Panel was notified", required=False)
    partnership_informed_on = GovDateField(
        label="Date the safeguarding partners were informed", required=False
    )
    ofsted_notified_on = GovDateField(label="Date Ofsted was notified", required=False)
    secretary_of_state_notified_on = GovDateField(
        label="Date the Secretary of State was notified", required=False
    )
    national_reference = forms.CharField(label="National reference", max_length=64, required=False)
    late_reason = forms.CharField(
        label="Reason for any delay",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed when a notification was made after its due date",
    )

    def __init__(self, *args: Any, ofsted: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ofsted:
            del self.fields["ofsted_notified_on"]
            del self.fields["secretary_of_state_notified_on"]


class RapidReviewForm(VersionedForm, forms.Form):
    meeting_on = GovDateField(label="Date of the Rapid Review meeting", required=False)
    learning_points = forms.CharField(label="Learning points", widget=forms.Textarea, required=False)
    inequalities = forms.CharField(
        label="Race, ethnicity and other inequalities",
        help_text=RapidReview._meta.get_field("inequalities").help_text,
        widget=forms.Textarea,
        required=False,
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    meets_cspr_criteria = forms.TypedChoiceField(
        label="Does the case meet the criteria for a Child Safeguarding Practice Review?",
        choices=YES_NO_UNKNOWN,
        coerce=bool_or_none,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    complex_or_national_importance = forms.TypedChoiceField(
        label="Is it complex or of national importance?",
        choices=YES_NO_UNKNOWN,
        coerce=bool_or_none,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    decision_reasons = forms.CharField(
        label="Reasons for the decision, against the criteria of regulation 11",
        widget=forms.Textarea,
        required=False,
    )


class PanelForm(VersionedForm, forms.Form):
    sent_to_panel_on = GovDateField(label="Date sent to the Panel", required=False)
    panel_response = forms.ChoiceField(
        label="The Panel's response",
        choices=PanelResponse.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the Panel's response"},
    )
    panel_considers_criteria_met = forms.TypedChoiceField(
        label="Does the Panel consider the criteria met?",
        choices=YES_NO_UNKNOWN,
        coerce=bool_or_none,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    panel_responded_on = GovDateField(label="Date of the Panel's response", required=False)
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("", "Not decided yet"), *RapidReviewOutcome.choices],
        required=False,
        widget=forms.RadioSelect,
    )


class AgencySummaryForm(VersionedForm, forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.all(),
        error_messages={"required": "Select the agency the summary is from"},
    )
    summary = forms.CharField(
        label="Summary", widget=forms.Textarea, error_messages={"required": "Enter the agency's summary"}
    )


class SafetyActionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of action",
        choices=SafetyActionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of action"},
    )
    description = forms.CharField(
        label="What is to be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what is to be done"},
    )
    owner_agency = forms.ModelChoiceField(
        label="Owner agency",
        queryset=Agency.objects.all(),
        error_messages={"required": "Select the agency that owns the action"},
    )
    owner_name = forms.CharField(label="Owner (person)", max_length=150, required=False)
    done_on = GovDateField(label="Date done", required=False)


class SignOffForm(VersionedForm, forms.Form):
    """Signing off the decision as shown: nothing to fill in, only the version it was read at."""


class SafetyActionDoneForm(VersionedForm, forms.Form):
    done_on = GovDateField(label="Date done")

    def clean_done_on(self) -> date | None:
        value = self.cleaned_data.get("done_on")
        not_in_future(value, "date done")
        return value


class AmendmentForm(VersionedForm, forms.Form):
    text = forms.CharField(
        label="Correction",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the correction"},
    )
    reason = forms.CharField(
        label="Reason for the correction",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the correction"},
    )


class ReviewFromOutcomeForm(forms.Form):
    decision_on = GovDateField(label="Date of the decision to initiate the review")


class IncidentFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=[("", "Any"), *IncidentKind.choices], required=False)
    year = forms.IntegerField(
        label="Year aware",
        min_value=2000,
        max_value=2100,
        required=False,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
    )
    awaiting = forms.BooleanField(label="Awaiting Panel notification", required=False)
    overdue = forms.BooleanField(label="Panel notification overdue", required=False)
    sort = forms.ChoiceField(
        label="Order",
        choices=[
            ("-aware", "Newest aware first"),
            ("aware", "Oldest aware first"),
            ("-incident", "Newest incident first"),
            ("reference", "Reference"),
        ],
        required=False,
    )
