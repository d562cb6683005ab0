"""Form fields shared by the rooms' forms: the GOV.UK date input and the yes/no questions."""

from datetime import date
from typing import Any

from crispy_forms_gds.fields import DateInputField
from django import forms

from reviews import validation

YES_NO = ((True, "Yes"), (False, "No"))
YES_NO_UNKNOWN = (("", "Not decided yet"), ("true", "Yes"), ("false", "No"))


class GovDateField(DateInputField):
    """The GOV.UK date input (day, month, year) with plain-English messages."""

    def __init__(
        self, *, label: str, required: bool = True, help_text: str = "For example, 27 3 2026"
    ) -> None:
        super().__init__(label=label, required=required, help_text=help_text, require_all_fields=False)
        self.error_messages["required"] = f"Enter the {label.lower()}"
        self.error_messages["incomplete"] = f"Enter the {label.lower()} as a day, month and year"

    def clean(self, value: Any) -> date | None:
        """Day, month and year as whole numbers making a real date between 1900 and 2100."""
        parts = [str(p or "").strip() for p in (value or [])]
        if not any(parts):
            if self.required:
                raise forms.ValidationError(f"Enter the {self.label.lower()}")
            return None
        real = forms.ValidationError(f"Enter a real {self.label.lower()}, for example 27 3 2026")
        if len(parts) != 3 or not all(p.isdecimal() and len(p) <= 4 for p in parts):
            raise real
        day, month, year = (int(p) for p in parts)
        if not 1900 <= year <= 2100:
            raise forms.ValidationError(f"The year of the {self.label.lower()} must be between 1900 and 2100")
        try:
            return date(year, month, day)
        except ValueError:
            raise real from None


def not_in_future(value: date | None, label: str) -> None:
    """A form's date of what happened: today or before (reviews/validation.py)."""
    validation.require_not_in_future(value, message=f"The {label} must be today or in the past")


def bool_or_none(value: str) -> bool | None:
    """A yes/no question that may be undecided yet (YES_NO_UNKNOWN)."""
    return {"true": True, "false": False}.get(value)
