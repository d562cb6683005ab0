"""The clock registry: every statutory clock of DESIGN.md section 2 defined once, as data and pure
functions, each beside the database filter that must agree with it.

Read a clock through a Day, which reads the admin's calendar overrides itself:

    day = clocks.Day(timezone.localdate())
    day.reading(clocks.PANEL_NOTIFICATION, incident)   # None where the clock does not apply
    day.incident_readings(incident)                    # every clock of an incident page
    day.open_clocks(history=True)                      # what `manage.py deadlines` lists

To add a clock: write its ClockDefinition (key, label, record, period in settings with its source,
applies-when, start, completion, listing, recipients) in the module of its record, with its Python
rule and database filter side by side; add it to REGISTRY in reviews/clocks/registry.py; and add
its cases to the tests (the property test then checks its filter against its rule).
"""

from reviews.clocks.annual_report import ANNUAL_REPORT, ReportingYear, latest_ended, reporting_years
from reviews.clocks.casework import (
    ACTION_DUE,
    CSPR_PUBLICATION,
    EARLIEST_REMOVAL,
    OPEN_ACTION_STATUSES,
    PRE_PUBLICATION_NOTICE,
    REVIEW_CLOCKS,
)
from reviews.clocks.contributions import CONTRIBUTION_DUE, contribution_case
from reviews.clocks.definition import ClockDefinition, Listing, Period, Recipients, Unit
from reviews.clocks.impact import ASSURANCE_DUE, IMPACT_CLOCKS, RESOURCE_USE_DUE
from reviews.clocks.incidents import (
    INCIDENT_CLOCKS,
    NOTIFICATION_CLOCKS,
    OFSTED_NOTIFICATION,
    PANEL_NOTIFICATION,
    PANEL_RESPONSE,
    PARTNERSHIP_INFORMED,
    RAPID_REVIEW,
    SECRETARY_OF_STATE_NOTIFICATION,
    late_notifications,
    notifiable,
    rapid_review_of,
    tells_ofsted,
)
from reviews.clocks.links import url_for
from reviews.clocks.meetings import IN_PROGRESS, MEETING_ACTION_DUE, PROGRESS_CHECK
from reviews.clocks.overrides import calendar_overrides
from reviews.clocks.referrals import REFERRAL_SCREENING
from reviews.clocks.registry import BY_KEY, RECORDS, REGISTRY, Day, OpenClock, of_model
from reviews.clocks.timing import (
    Clock,
    ClockReading,
    ClockState,
    Stage,
    add_calendar_months,
    due_stages,
    open_state,
    previous_working_day,
    read_clock,
    subtract_working_days,
)

__all__ = [
    "ACTION_DUE",
    "ANNUAL_REPORT",
    "ASSURANCE_DUE",
    "BY_KEY",
    "CONTRIBUTION_DUE",
    "CSPR_PUBLICATION",
    "EARLIEST_REMOVAL",
    "IMPACT_CLOCKS",
    "INCIDENT_CLOCKS",
    "IN_PROGRESS",
    "MEETING_ACTION_DUE",
    "NOTIFICATION_CLOCKS",
    "OFSTED_NOTIFICATION",
    "OPEN_ACTION_STATUSES",
    "PANEL_NOTIFICATION",
    "PANEL_RESPONSE",
    "PARTNERSHIP_INFORMED",
    "PRE_PUBLICATION_NOTICE",
    "PROGRESS_CHECK",
    "RAPID_REVIEW",
    "RECORDS",
    "REFERRAL_SCREENING",
    "REGISTRY",
    "RESOURCE_USE_DUE",
    "REVIEW_CLOCKS",
    "SECRETARY_OF_STATE_NOTIFICATION",
    "Clock",
    "ClockDefinition",
    "ClockReading",
    "ClockState",
    "Day",
    "Listing",
    "OpenClock",
    "Period",
    "Recipients",
    "ReportingYear",
    "Stage",
    "Unit",
    "add_calendar_months",
    "calendar_overrides",
    "contribution_case",
    "due_stages",
    "late_notifications",
    "latest_ended",
    "notifiable",
    "of_model",
    "open_state",
    "previous_working_day",
    "rapid_review_of",
    "read_clock",
    "reporting_years",
    "subtract_working_days",
    "tells_ofsted",
    "url_for",
]
