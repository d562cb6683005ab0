"""The clocks of incidents and Rapid Reviews, from the pure rules, the settings' periods and the
admin's calendar overrides. Views and the dashboard read countdowns from here, never compute them."""

from datetime import date

from django.conf import settings

from notifications import rules
from notifications.calendar import Overrides
from notifications.overrides import current_overrides
from reviews.choices import ReviewKind, ReviewStatus
from reviews.models import Incident, Review


def periods() -> rules.Periods:
    return rules.Periods(
        panel_notification=settings.CRAG_PANEL_NOTIFICATION_WORKING_DAYS,
        partnership_informed=settings.CRAG_PARTNERSHIP_INFORMED_WORKING_DAYS,
        ofsted_notification=settings.CRAG_OFSTED_NOTIFICATION_WORKING_DAYS,
        rapid_review=settings.CRAG_RAPID_REVIEW_WORKING_DAYS,
        rapid_review_starts_from=settings.RAPID_REVIEW_STARTS_FROM,
        panel_response=settings.CRAG_PANEL_RESPONSE_WORKING_DAYS,
    )


def notification_clocks(incident: Incident, overrides: Overrides | None = None) -> list[rules.Clock]:
    return rules.incident_clocks(
        aware_date=incident.aware_date,
        notify_ofsted=incident.needs_ofsted_and_secretary_of_state,
        panel_notified_on=incident.panel_notified_on,
        partnership_informed_on=incident.partnership_informed_on,
        ofsted_notified_on=incident.ofsted_notified_on,
        secretary_of_state_notified_on=incident.secretary_of_state_notified_on,
        periods=periods(),
        overrides=overrides if overrides is not None else current_overrides(),
    )


def rapid_review_clock(incident: Incident, overrides: Overrides | None = None) -> rules.Clock | None:
    """The Rapid Review's clock, or None where no Rapid Review is needed (a care leaver's death)."""
    if not incident.needs_rapid_review:
        return None
    rapid_review = getattr(incident, "rapid_review", None)
    return rules.rapid_review_clock(
        aware_date=incident.aware_date,
        panel_notified_on=incident.panel_notified_on,
        sent_to_panel_on=rapid_review.sent_to_panel_on if rapid_review else None,
        periods=periods(),
        overrides=overrides if overrides is not None else current_overrides(),
    )


def panel_response_clock(incident: Incident, overrides: Overrides | None = None) -> rules.Clock | None:
    """Once the Rapid Review is sent, the Panel's response is expected (informational)."""
    rapid_review = getattr(incident, "rapid_review", None)
    if rapid_review is None or rapid_review.sent_to_panel_on is None:
        return None
    return rules.panel_response_clock(
        sent_to_panel_on=rapid_review.sent_to_panel_on,
        responded_on=rapid_review.panel_responded_on,
        periods=periods(),
        overrides=overrides if overrides is not None else current_overrides(),
    )


def cspr_clock(review: Review) -> rules.Clock | None:
    """A CSPR's six calendar months from the decision to its publication (Working Together)."""
    if review.kind != ReviewKind.CSPR:
        return None
    return rules.cspr_publication_clock(
        decision_on=review.decision_on,
        published_on=review.published_on,
        months=settings.CRAG_CSPR_PUBLICATION_MONTHS,
    )


def review_clocks(review: Review, overrides: Overrides | None = None) -> list[rules.Clock]:
    """A review's clocks: the CSPR's six months, the pre-publication notices, the removal date."""
    found = []
    cspr = cspr_clock(review)
    if cspr is not None:
        found.append(cspr)
    if review.planned_publication_on is not None and review.published_on is None:
        found.append(
            rules.pre_publication_clock(
                planned_publication_on=review.planned_publication_on,
                notices=(
                    review.panel_notice_on,
                    review.secretary_of_state_notice_on,
                    review.ofsted_notice_on,
                ),
                days=settings.CRAG_PRE_PUBLICATION_NOTICE_WORKING_DAYS,
                overrides=overrides if overrides is not None else current_overrides(),
            )
        )
    if review.published_on is not None:
        closed = review.status == ReviewStatus.CLOSED
        found.append(
            rules.removal_clock(
                published_on=review.published_on,
                closed_on=review.published_on if closed else None,
                months=settings.CRAG_PUBLICATION_MINIMUM_MONTHS,
            )
        )
    return found


def annual_report_clocks(*, today: date, published: dict[int, date | None]) -> list[rules.Clock]:
    """The annual report of the latest reporting year that has ended (unless published)."""
    year = today.year - 1 if today.month >= 4 else today.year - 2
    month, day = settings.CRAG_ANNUAL_REPORT_DUE
    clock = rules.annual_report_clock(
        year=year, published_on=published.get(year), due_month=month, due_day=day
    )
    return [clock]


def incident_readings(
    incident: Incident, *, today: date, overrides: Overrides | None = None
) -> list[rules.ClockReading]:
    """Every clock of the incident, read on `today` (pass the overrides when reading many)."""
    overrides = overrides if overrides is not None else current_overrides()
    clocks = notification_clocks(incident, overrides)
    for extra in (rapid_review_clock(incident, overrides), panel_response_clock(incident, overrides)):
        if extra is not None:
            clocks.append(extra)
    return [rules.read_clock(c, today=today, overrides=overrides) for c in clocks]
