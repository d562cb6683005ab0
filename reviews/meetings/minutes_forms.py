"""Forms of the minutes: they check the shape of input; the rules live in the services."""

from typing import Any

from django import forms

from crag.models import Agency, User
from reviews.choices import MeetingDecisionKind, ReviewStatus, ScreeningDecision
from reviews.editing.versions import VersionedForm
from reviews.fields import GovDateField
from reviews.models import AgendaItem, Meeting

YES_NO = [("yes", "Yes"), ("no", "No")]
TEXT = forms.Textarea(attrs={"rows": 5})


class ItemMinuteForm(VersionedForm, forms.Form):
    discussion = forms.CharField(label="Discussion", widget=TEXT, required=False)


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What was decided",
        choices=MeetingDecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of decision it is"},
    )
    text = forms.CharField(
        label="The decision as minuted", widget=TEXT, error_messages={"required": "Enter the decision"}
    )
    meets_cspr_criteria = forms.ChoiceField(
        label="Rapid Review: does the case meet the criteria for a CSPR?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    complex_or_national_importance = forms.ChoiceField(
        label="Rapid Review: is it complex or of national importance?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    decision_reasons = forms.CharField(label="Rapid Review: the reasons", widget=TEXT, required=False)
    to = forms.ChoiceField(
        label="Review: it moves on to", choices=[("", "Choose"), *ReviewStatus.choices], required=False
    )
    note = forms.CharField(label="Review: note on the move", max_length=500, required=False)
    decision = forms.ChoiceField(
        label="Referral: screening decision",
        choices=ScreeningDecision.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reason = forms.CharField(label="Referral: the reason", widget=TEXT, required=False)

    NEEDED: dict[str, tuple[str, ...]] = {  # noqa: RUF012 (a form's constant)
        MeetingDecisionKind.RAPID_REVIEW_DECISION: ("meets_cspr_criteria", "decision_reasons"),
        MeetingDecisionKind.REVIEW_TRANSITION: ("to",),
        MeetingDecisionKind.SCREENING: ("decision", "reason"),
    }
    MESSAGES: dict[str, str] = {  # noqa: RUF012
        "meets_cspr_criteria": "Say whether the case meets the criteria",
        "decision_reasons": "Enter the reasons for the Rapid Review's decision",
        "to": "Choose what the review moves on to",
        "decision": "Choose the screening decision",
        "reason": "Enter the reason for the screening decision",
    }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.NEEDED.get(data.get("kind", ""), ()):
            if not data.get(name):
                self.add_error(name, self.MESSAGES[name])
        return data

    def payload(self) -> dict[str, Any]:
        """The service's keywords for the chosen kind."""
        data, kind = self.cleaned_data, self.cleaned_data["kind"]
        if kind == MeetingDecisionKind.RAPID_REVIEW_DECISION:
            complex_ = data.get("complex_or_national_importance")
            return {
                "meets_cspr_criteria": data["meets_cspr_criteria"] == "yes",
                "complex_or_national_importance": None if not complex_ else complex_ == "yes",
                "decision_reasons": data["decision_reasons"],
            }
        if kind == MeetingDecisionKind.REVIEW_TRANSITION:
            return {"to": data["to"], "note": data.get("note", "")}
        if kind == MeetingDecisionKind.SCREENING:
            return {"decision": data["decision"], "reason": data["reason"]}
        return {}


class MeetingActionForm(forms.Form):
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
    owner = forms.ModelChoiceField(
        label="Owner (person)",
        queryset=User.objects.filter(is_active=True, agency__isnull=False).order_by("full_name"),
        required=False,
        help_text="Someone in the owner agency, who is reminded as the date comes",
    )
    due_on = GovDateField(label="Due date")
    item = forms.ModelChoiceField(label="Agenda item", queryset=AgendaItem.objects.none(), required=False)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = AgendaItem.objects.filter(meeting=meeting)  # type: ignore[attr-defined]


class ActionDoneForm(VersionedForm, forms.Form):
    done_on = GovDateField(label="Date done")


class ApproveForm(forms.Form):
    at_meeting = forms.ModelChoiceField(
        label="Approved at the meeting of",
        queryset=Meeting.objects.none(),
        error_messages={"required": "Choose the meeting that approved the minutes"},
    )

    def __init__(self, *args: Any, later: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = later  # type: ignore[attr-defined]


class AmendForm(forms.Form):
    text = forms.CharField(
        label="The correction", widget=TEXT, error_messages={"required": "Enter the correction"}
    )
    reason = forms.CharField(
        label="Why it is corrected",
        widget=TEXT,
        error_messages={"required": "Enter the reason for the correction"},
    )
