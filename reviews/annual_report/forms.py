"""Forms of the annual report: the year to start, the cover and narrative, Appendix B's links and
the glossary."""

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.utils import timezone

from reviews.editing.versions import VersionedForm
from reviews.fields import GovDateField
from reviews.models import AnnualReport, AnnualReportLink
from reviews.models.annual_reports import NARRATIVE_SECTIONS


class StartReportForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Reporting year",
        coerce=int,
        choices=(),
        error_messages={"required": "Select the reporting year"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        latest = today.year if today.month >= 4 else today.year - 1  # the year now running
        taken = set(AnnualReport.objects.values_list("year", flat=True))
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - declared just above
        field.choices = [
            (y, f"{y}/{str(y + 1)[-2:]} (1 April {y} to 31 March {y + 1})")
            for y in range(latest, latest - 15, -1)
            if y not in taken
        ]
        field.error_messages["invalid_choice"] = "Choose a reporting year that has no report yet"


# django-stubs make ModelForm generic in its model; Django's own class cannot be subscripted.
if TYPE_CHECKING:
    ReportModelForm = forms.ModelForm[AnnualReport]
else:
    ReportModelForm = forms.ModelForm


class AnnualReportForm(VersionedForm, ReportModelForm):
    report_date = GovDateField(label="Date of the report", required=False)

    class Meta:
        model = AnnualReport
        fields = (
            "title",
            "report_date",
            "lead_officer",
            "contact",
            *(name for name, _ in NARRATIVE_SECTIONS),
        )
        labels: ClassVar = dict(NARRATIVE_SECTIONS) | {"title": "Title on the cover"}
        widgets: ClassVar = {name: forms.Textarea(attrs={"rows": 8}) for name, _ in NARRATIVE_SECTIONS}


class LinkForm(VersionedForm, forms.Form):
    """An entry of Appendix B: a national review or report of the year, or guidance."""

    kind = forms.ChoiceField(
        label="What is it?",
        choices=AnnualReportLink.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the link is"},
    )
    title = forms.CharField(
        label="Title",
        max_length=300,
        error_messages={
            "required": "Enter the title",
            "max_length": "The title must be 300 characters or fewer",
        },
    )
    url = forms.CharField(
        label="Web address",
        max_length=500,
        help_text="Starting with https://",
        widget=forms.URLInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
        error_messages={
            "required": "Enter the web address",
            "max_length": "The web address must be 500 characters or fewer",
        },
    )
    published_on = GovDateField(label="Date published", required=False)


class TermForm(VersionedForm, forms.Form):
    """An entry of the glossary."""

    term = forms.CharField(
        label="Term or abbreviation",
        max_length=120,
        error_messages={
            "required": "Enter the term",
            "max_length": "The term must be 120 characters or fewer",
        },
    )
    meaning = forms.CharField(
        label="What it means",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={
            "required": "Enter what the term means",
            "max_length": "The meaning must be 2,000 characters or fewer",
        },
    )
