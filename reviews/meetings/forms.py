"""Forms of CRAG's meetings: they check the shape of input; rules across records (a place or a
link, invitees only before the meeting) live in the services."""

from typing import TYPE_CHECKING, Any

from django import forms

from crag.models import User
from reviews.choices import AgendaItemKind, Attendance
from reviews.editing.versions import VersionedForm
from reviews.fields import GovDateField
from reviews.models import MeetingMember


def person_label(user: User) -> str:
    """A person as the forms list them: their name and agency."""
    agency = user.agency.name if user.agency_id and user.agency else ""
    return f"{user.full_name or user.email}{f' ({agency})' if agency else ''}"


if TYPE_CHECKING:  # django-stubs' generic fields; at run time they take no type argument
    ModelChoiceField = forms.ModelChoiceField[User]
    ModelMultipleChoiceField = forms.ModelMultipleChoiceField[User]
else:
    ModelChoiceField, ModelMultipleChoiceField = forms.ModelChoiceField, forms.ModelMultipleChoiceField


class UserChoice(ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return person_label(obj)


class UserChoices(ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return person_label(obj)


def people() -> Any:
    return User.objects.filter(is_active=True).select_related("agency").order_by("full_name", "email")


def _time(label: str, *, required: bool) -> forms.TimeField:
    field = forms.TimeField(
        label=label,
        required=required,
        input_formats=["%H:%M", "%H.%M"],
        help_text="24-hour clock, for example 14:30",
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as hours and minutes, for example 14:30",
        },
    )
    field.widget.format = "%H:%M"
    field.widget.attrs.update({"class": "govuk-input govuk-input--width-5", "inputmode": "numeric"})
    return field


class MeetingEditForm(VersionedForm, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        initial="CRAG meeting",
        error_messages={"required": "Enter the meeting's title"},
    )
    held_on = GovDateField(label="Date")
    starts_at = _time("Start time", required=True)
    ends_at = _time("End time", required=False)
    place = forms.CharField(
        label="Place", max_length=200, required=False, help_text="A room, or leave blank for online only"
    )
    link = forms.URLField(
        label="Online meeting link",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter the online meeting link as a web address, like https://…"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not (cleaned.get("place") or "").strip() and not (cleaned.get("link") or "").strip():
            self.add_error("place", "Enter a place, an online meeting link, or both")
        return cleaned


class MeetingCreateForm(MeetingEditForm):
    invitees = UserChoices(
        label="Invite",
        queryset=people(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Each person invited is sent a calendar invitation",
    )


class MemberAddForm(forms.Form):
    user = UserChoice(
        label="Person to invite",
        queryset=people(),
        error_messages={"required": "Choose the person to invite"},
    )

    def __init__(self, *args: Any, exclude: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = people().exclude(pk__in=exclude or [])  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    """One radio question per invitee: attended, sent apologies or absent."""

    def __init__(self, *args: Any, members: list[MeetingMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        choices = [c for c in Attendance.choices if c[0] != Attendance.INVITED]
        for member in members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=person_label(member.user),
                choices=choices,
                widget=forms.RadioSelect,
                initial=member.attendance if member.attendance != Attendance.INVITED else None,
                error_messages={"required": f"Choose whether {member.user} attended"},
            )

    def attendance(self) -> dict[User, str]:
        return {m.user: self.cleaned_data[f"member_{m.pk}"] for m in self.members}


class AgendaItemForm(forms.Form):
    title = forms.CharField(label="Item", max_length=300, error_messages={"required": "Enter the item"})
    kind = forms.ChoiceField(
        label="Kind",
        choices=AgendaItemKind.choices,
        initial=AgendaItemKind.OTHER,
        error_messages={"required": "Choose what kind of item it is"},
    )
    summary = forms.CharField(
        label="Summary for the papers",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="References and pseudonyms only: never a child's name or other identifying details",
    )


class MeetingFilterForm(forms.Form):
    when = forms.ChoiceField(
        label="Meetings",
        required=False,
        choices=[("", "All"), ("upcoming", "Upcoming"), ("past", "Past")],
    )
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[("", "Default"), ("date", "Earliest first"), ("-date", "Latest first")],
    )
