"""The clocks of learning into practice (issue 20): an agency sent a learning resource is due to
record how it used it CRAG_RESOURCE_USE_WEEKS after it was sent; an assurance activity is due on
the date it was planned for, done when its findings are recorded."""

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from notifications.calendar import Overrides
from reviews.clocks.definition import ClockDefinition, Listing, Period, Recipients, Unit, after, on_or_before
from reviews.clocks.links import url_for
from reviews.models import AssuranceActivity, Dissemination, ResourceUse


def resource_use_listing(dissemination: Dissemination) -> Listing:
    agency = dissemination.agency
    return Listing(
        "dissemination",
        dissemination.pk,
        None,
        f"Use of {dissemination.resource.title} by {agency.short_name or agency.name}",
        url_for("reviews:dissemination_detail", dissemination.pk),
        dissemination.agency_id,
    )


def _first_recorded(dissemination: Dissemination) -> date | None:
    """The day (in Europe/London) the agency first recorded a use (read from `uses`, prefetched
    by the registry's records)."""
    return min((timezone.localdate(use.recorded_at) for use in dissemination.uses.all()), default=None)


def _no_use_recorded_by(day: date) -> Q:
    recorded = ResourceUse.objects.filter(dissemination=OuterRef("pk"), recorded_at__date__lte=day)
    return Q(~Exists(recorded))


def _sent(dissemination: Dissemination, day: date, overrides: Overrides) -> tuple[date, bool]:
    return dissemination.sent_on, False


RESOURCE_USE_DUE = ClockDefinition(
    key="resource_use_due",
    label="Record how the resource was used",
    subject="dissemination",
    model=Dissemination,
    period=Period("CRAG_RESOURCE_USE_WEEKS", Unit.WEEKS),
    source="Local policy: the partnership asks each agency sent a learning resource to record how it "
    "used it within this many weeks (Working Together 2023 asks partners to show that learning "
    "changed practice; the interval is a local choice)",
    applies=lambda dissemination: True,
    applies_q=Q(),
    starts=_sent,
    completed_on=_first_recorded,
    pending_q=_no_use_recorded_by,
    exists_from=lambda dissemination: dissemination.sent_on,
    exists_q=on_or_before("sent_on"),
    listing=resource_use_listing,
    recipients=Recipients.CONTRIBUTING_AGENCY,
    start_field="sent_on",
)


def assurance_listing(activity: AssuranceActivity) -> Listing:
    return Listing(
        "assurance",
        activity.pk,
        activity.ref,
        f"{activity.get_kind_display()}: {activity.title}",
        url_for("reviews:assurance_detail", activity.pk),
    )


def _planned(activity: AssuranceActivity, day: date, overrides: Overrides) -> tuple[date, bool]:
    return activity.planned_on, False


ASSURANCE_DUE = ClockDefinition(
    key="assurance_due",
    label="Assurance activity due",
    subject="assurance",
    model=AssuranceActivity,
    period=Period("", Unit.SET_DATE),
    source="Local: the date CRAG planned the activity for (Working Together 2023 asks the partners "
    "to check that practice changed after a review)",
    applies=lambda activity: True,
    applies_q=Q(),
    starts=_planned,
    completed_on=lambda activity: activity.completed_on,
    pending_q=after("completed_on"),
    exists_from=lambda activity: timezone.localdate(activity.created_at),
    exists_q=lambda day: Q(created_at__date__lte=day),
    listing=assurance_listing,
    start_field="planned_on",
)

IMPACT_CLOCKS = (RESOURCE_USE_DUE, ASSURANCE_DUE)
