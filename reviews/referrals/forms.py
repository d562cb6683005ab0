"""Forms of referrals and their screening: they check the shape of input; the rules across
records (the council's aware date for a notifiable case, a screening given once) live in the
services."""

from datetime import date
from typing import Any

from django import forms

from crag.models import Agency
from reviews import validation
from reviews.choices import AbuseSuspected, IncidentKind, ScreeningDecision
from reviews.fields import GovDateField, not_in_future
from reviews.referrals.selectors import AWAITING, SCREENED
from reviews.referrals.services import MAX_CHILDREN, ChildDetails

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")


class ReferralForm(forms.Form):
    """A referral: up to MAX_CHILDREN children (the first required), what happened and when."""

    kind = forms.ChoiceField(
        label="What happened to the child",
        choices=IncidentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened to the child"},
    )
    incident_date = GovDateField(
        label="Date it happened", required=False, help_text="If known, for example 27 3 2026"
    )
    what_happened = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What your agency knows, and what it has done so far",
        error_messages={"required": "Describe what happened"},
    )
    agency_aware_on = GovDateField(label="Date your agency became aware")
    council_aware_on = GovDateField(
        label="Date the council became aware",
        required=False,
        help_text="If you know it, for example 27 3 2026. CRAG asks the council if you do not.",
    )
    abuse_or_neglect_suspected = forms.ChoiceField(
        label="Do you know or suspect that abuse or neglect was involved?",
        choices=AbuseSuspected.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether abuse or neglect is known or suspected"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        children: dict[str, forms.Field] = {}
        for n in range(1, MAX_CHILDREN + 1):
            first = n == 1
            children[f"child_{n}_name"] = forms.CharField(
                label=f"Full name of the {ORDINALS[n - 1]} child",
                max_length=200,
                required=first,
                help_text="" if first else "Leave blank if there is no other child",
                error_messages={"required": "Enter the child's full name"},
            )
            children[f"child_{n}_date_of_birth"] = GovDateField(
                label=f"Date of birth of the {ORDINALS[n - 1]} child",
                required=False,
                help_text="If known, for example 27 3 2015",
            )
        self.fields = {**children, **self.fields}  # the children first, as the page asks

    def clean_incident_date(self) -> date | None:
        value: date | None = self.cleaned_data.get("incident_date")
        not_in_future(value, "date it happened")
        return value

    def clean_agency_aware_on(self) -> date | None:
        value: date | None = self.cleaned_data.get("agency_aware_on")
        not_in_future(value, "date your agency became aware")
        return value

    def clean_council_aware_on(self) -> date | None:
        value: date | None = self.cleaned_data.get("council_aware_on")
        not_in_future(value, "date the council became aware")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, MAX_CHILDREN + 1):
            born = data.get(f"child_{n}_date_of_birth")
            not_named = not (data.get(f"child_{n}_name") or "").strip()
            if born and not_named and f"child_{n}_name" not in self.errors:
                self.add_error(f"child_{n}_name", f"Enter the name of the {ORDINALS[n - 1]} child")
            if validation.in_future(born):
                self.add_error(f"child_{n}_date_of_birth", "A date of birth must be today or in the past")
        return data

    def referral(self) -> dict[str, Any]:
        """The cleaned data as referral_create takes it."""
        data = dict(self.cleaned_data)
        children = []
        for n in range(1, MAX_CHILDREN + 1):
            name = data.pop(f"child_{n}_name", "").strip()
            born = data.pop(f"child_{n}_date_of_birth", None)
            if name:
                children.append(ChildDetails(name=name, date_of_birth=born))
        return {**data, "children": children}


class ScreenForm(forms.Form):
    decision = forms.ChoiceField(
        label="Screening decision",
        choices=ScreeningDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the screening decision"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Needed when the case is not notifiable; the referring agency sees it",
    )


class ReferralFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any"), (AWAITING, "Awaiting screening"), (SCREENED, "Screened")],
    )
    decision = forms.ChoiceField(
        label="Decision", choices=[("", "Any"), *ScreeningDecision.choices], required=False
    )
    agency = forms.ModelChoiceField(
        label="Referring agency", queryset=Agency.objects.all(), required=False, empty_label="Any"
    )
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[
            ("-referred", "Newest first"),
            ("referred", "Oldest first"),
            ("reference", "Reference"),
            ("agency", "Agency"),
        ],
    )
