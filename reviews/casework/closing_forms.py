"""The form for closing a signed-off review without publishing its report (DESIGN.md section 2)."""

from django import forms

from reviews.casework.forms import TransitionForm
from reviews.choices import NonPublicationReason
from reviews.fields import GovDateField


class CloseWithoutPublicationForm(TransitionForm):
    """The move's date and note, the justification of a kind Working Together allows, and the day
    it went to the Panel and the Secretary of State."""

    justification = forms.ChoiceField(
        label="Why the report is not published",
        choices=NonPublicationReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the report is not published"},
    )
    justification_sent_on = GovDateField(
        label="Date the justification was sent to the Panel and the Secretary of State",
        help_text="For example 27 3 2026",
    )
