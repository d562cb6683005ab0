"""The annual report's clock: the report of the latest reporting year that has ended (1 April Y to
31 March Y+1, DESIGN.md section 5) is due on a local date after it, until it is published. Its
record is the reporting year (no row may exist yet), so it has no database filter of its own."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from notifications.calendar import Overrides
from reviews.clocks.definition import ClockDefinition, Listing, Period, Unit
from reviews.models import AnnualReport


@dataclass(frozen=True)
class ReportingYear:
    """The year Y/Y+1 (pk = Y) and when its report was published, if it was."""

    pk: int
    published_on: date | None

    @property
    def label(self) -> str:
        return f"{self.pk}/{str(self.pk + 1)[-2:]}"


def latest_ended(day: date) -> int:
    """Y of the latest reporting year that has ended by `day`."""
    return day.year - 1 if day.month >= 4 else day.year - 2


def reporting_years(day: date) -> list[ReportingYear]:
    """The candidates on `day`: the latest year that has ended, with its publication date."""
    year = latest_ended(day)
    published = AnnualReport.objects.filter(year=year).values_list("published_on", flat=True).first()
    return [ReportingYear(year, published)]


def _due(year: ReportingYear, day: date, overrides: Overrides) -> tuple[date, bool]:
    month, day_of_month = settings.CRAG_ANNUAL_REPORT_DUE
    return date(year.pk + 1, month, day_of_month), False


def _listing(year: ReportingYear) -> Listing:
    return Listing("annual_report", year.pk, None, year.label, reverse("dashboard"))


ANNUAL_REPORT = ClockDefinition(
    key="annual_report",
    label="Publish the annual report",
    subject="annual_report",
    model=ReportingYear,
    period=Period("", Unit.SET_DATE),
    source="Local practice (CRAG_ANNUAL_REPORT_DUE); the 2019/20 report was dated 24 June 2020",
    applies=lambda year: True,
    applies_q=Q(),
    starts=_due,
    completed_on=lambda year: year.published_on,
    pending_q=lambda day: Q(),
    exists_from=lambda year: date(year.pk + 1, 4, 1),
    exists_q=lambda day: Q(),
    listing=_listing,
)
