"""The clocks of an incident and its Rapid Review (DESIGN.md section 2).

Which notification clocks an incident has (`contract`): the Panel and the safeguarding partners
when the incident is notifiable under s16C of the Children Act 2004 (abuse or neglect known or
suspected, and the child under 18: a death, serious harm, other harm or a looked-after child's
death); Ofsted and the Secretary of State for a looked-after child's or a care leaver's death,
whether or not abuse or neglect is suspected (Working Together 2023, December 2023 update). A
Rapid Review's clock exists only where the Panel clock does.
"""

from datetime import date

from django.conf import settings
from django.db.models import Q

from notifications.calendar import Overrides
from reviews.choices import IncidentKind
from reviews.clocks.definition import ClockDefinition, Listing, Period, Unit, after, on_or_before
from reviews.clocks.links import url_for
from reviews.models import Incident, RapidReview

K = IncidentKind
NOTIFIABLE_KINDS = (K.DEATH, K.SERIOUS_HARM, K.OTHER, K.LOOKED_AFTER_DEATH)  # when suspected
OFSTED_KINDS = (K.LOOKED_AFTER_DEATH, K.CARE_LEAVER_DEATH)  # suspected or not


# --- The applicability table (`contract`), in Python and in SQL ---------------------------------


def notifiable(incident: Incident) -> bool:
    """The local authority must notify the Panel (Children Act 2004 s16C): abuse or neglect known
    or suspected, and the child under 18 (a care leaver's death is not notifiable)."""
    return incident.kind in NOTIFIABLE_KINDS and incident.abuse_or_neglect_suspected


NOTIFIABLE_Q = Q(kind__in=NOTIFIABLE_KINDS, abuse_or_neglect_suspected=True)


def tells_ofsted(incident: Incident) -> bool:
    """A looked-after child's or a care leaver's death goes to Ofsted and the Secretary of State,
    abuse or neglect suspected or not (Working Together 2023)."""
    return incident.kind in OFSTED_KINDS


OFSTED_Q = Q(kind__in=OFSTED_KINDS)


# --- Listing ----------------------------------------------------------------------------------


def _pseudonyms(incident: Incident) -> str:
    return ", ".join(c.pseudonym for c in incident.children.all())


def incident_listing(incident: Incident) -> Listing:
    return Listing(
        "incident",
        incident.pk,
        incident.ref,
        f"{incident.reference} ({_pseudonyms(incident)})",
        url_for("reviews:incident_detail", incident.pk),
    )


def rapid_review_of(incident: Incident) -> RapidReview | None:
    try:
        return incident.rapid_review
    except RapidReview.DoesNotExist:
        return None


def rapid_review_listing(incident: Incident) -> Listing:
    """Under the incident until a Rapid Review record exists, then under the Rapid Review."""
    rapid_review = rapid_review_of(incident)
    if rapid_review is None:
        return incident_listing(incident)
    return Listing(
        "rapid_review",
        rapid_review.pk,
        rapid_review.ref,
        f"{incident.reference} ({_pseudonyms(incident)})",
        url_for("reviews:rapid_review", incident.pk),
    )


def _from_aware(incident: Incident, day: date, overrides: Overrides) -> tuple[date, bool]:
    return incident.aware_date, False


def _aware(incident: Incident) -> date:
    return incident.aware_date


FIVE_WORKING_DAYS = "Working Together 2018 and 2023; Children Act 2004 s16C"


def _notification(key: str, label: str, setting: str, field: str, *, panel: bool) -> ClockDefinition:
    """A notification due a number of working days after the aware date (day 0)."""
    return ClockDefinition(
        key=key,
        label=label,
        subject="incident",
        model=Incident,
        period=Period(setting, Unit.WORKING_DAYS),
        source=FIVE_WORKING_DAYS if panel else "Working Together 2023 (December 2023 update)",
        applies=notifiable if panel else tells_ofsted,
        applies_q=NOTIFIABLE_Q if panel else OFSTED_Q,
        starts=_from_aware,
        completed_on=lambda incident: getattr(incident, field),
        pending_q=after(field),
        exists_from=_aware,
        exists_q=on_or_before("aware_date"),
        listing=incident_listing,
        start_field="aware_date",
    )


PANEL_NOTIFICATION = _notification(
    "panel_notification",
    "Notify the Panel",
    "CRAG_PANEL_NOTIFICATION_WORKING_DAYS",
    "panel_notified_on",
    panel=True,
)
PARTNERSHIP_INFORMED = _notification(
    "partnership_informed",
    "Inform the safeguarding partners",
    "CRAG_PARTNERSHIP_INFORMED_WORKING_DAYS",
    "partnership_informed_on",
    panel=True,
)
OFSTED_NOTIFICATION = _notification(
    "ofsted_notification",
    "Notify Ofsted",
    "CRAG_OFSTED_NOTIFICATION_WORKING_DAYS",
    "ofsted_notified_on",
    panel=False,
)
SECRETARY_OF_STATE_NOTIFICATION = _notification(
    "secretary_of_state_notification",
    "Notify the Secretary of State",
    "CRAG_OFSTED_NOTIFICATION_WORKING_DAYS",
    "secretary_of_state_notified_on",
    panel=False,
)


# --- The Rapid Review and the Panel's response ---------------------------------------------------


def _rapid_review_start(incident: Incident, day: date, overrides: Overrides) -> tuple[date, bool]:
    """From the notification (or, where a partnership chose so, from awareness). Until the Panel
    is notified, provisionally from the notification's due date."""
    if settings.RAPID_REVIEW_STARTS_FROM == "aware":
        return incident.aware_date, False
    notified = incident.panel_notified_on
    if notified is not None and notified <= day:
        return notified, False
    return PANEL_NOTIFICATION.period.after(incident.aware_date, overrides), True


def _rapid_review_sent(incident: Incident) -> date | None:
    rapid_review = rapid_review_of(incident)
    return rapid_review.sent_to_panel_on if rapid_review is not None else None


RAPID_REVIEW = ClockDefinition(
    key="rapid_review",
    label="Send the Rapid Review to the Panel",
    subject="incident",
    model=Incident,
    period=Period("CRAG_RAPID_REVIEW_WORKING_DAYS", Unit.WORKING_DAYS),
    source="Child Safeguarding Practice Review Panel: guidance for safeguarding partners (non-statutory)",
    applies=notifiable,
    applies_q=NOTIFIABLE_Q,
    starts=_rapid_review_start,
    completed_on=_rapid_review_sent,
    pending_q=lambda day: (
        Q(rapid_review__isnull=True)
        | Q(rapid_review__sent_to_panel_on__isnull=True)
        | Q(rapid_review__sent_to_panel_on__gt=day)
    ),
    exists_from=_aware,
    exists_q=on_or_before("aware_date"),
    listing=rapid_review_listing,
)


def _panel_response_start(
    rapid_review: RapidReview, day: date, overrides: Overrides
) -> tuple[date, bool] | None:
    sent = rapid_review.sent_to_panel_on
    return (sent, False) if sent is not None else None


def _panel_response_listing(rapid_review: RapidReview) -> Listing:
    incident = rapid_review.incident
    return Listing(
        "rapid_review",
        rapid_review.pk,
        rapid_review.ref,
        f"{incident.reference} ({_pseudonyms(incident)})",
        url_for("reviews:rapid_review", incident.pk),
    )


def _sent(rapid_review: RapidReview) -> date | None:
    return rapid_review.sent_to_panel_on


PANEL_RESPONSE = ClockDefinition(
    key="panel_response",
    label="Panel's response expected",
    subject="rapid_review",
    model=RapidReview,
    period=Period("CRAG_PANEL_RESPONSE_WORKING_DAYS", Unit.WORKING_DAYS),
    source="Panel practice (informational)",
    applies=lambda rr: notifiable(rr.incident) and rr.sent_to_panel_on is not None,
    applies_q=Q(incident__kind__in=NOTIFIABLE_KINDS, incident__abuse_or_neglect_suspected=True)
    & Q(sent_to_panel_on__isnull=False),
    starts=_panel_response_start,
    completed_on=lambda rr: rr.panel_responded_on,
    pending_q=after("panel_responded_on"),
    exists_from=_sent,
    exists_q=on_or_before("sent_to_panel_on"),
    listing=_panel_response_listing,
    start_field="sent_to_panel_on",
    informational=True,
)

NOTIFICATION_CLOCKS = (
    PANEL_NOTIFICATION,
    PARTNERSHIP_INFORMED,
    OFSTED_NOTIFICATION,
    SECRETARY_OF_STATE_NOTIFICATION,
)
INCIDENT_CLOCKS = (*NOTIFICATION_CLOCKS, RAPID_REVIEW)
RAPID_REVIEW_CLOCKS = (PANEL_RESPONSE,)


def late_notifications(incident: Incident, overrides: Overrides, day: date) -> list[ClockDefinition]:
    """The notification clocks done after their due date: a reason for the delay is owed."""
    late = []
    for definition in NOTIFICATION_CLOCKS:
        clock = definition.clock(incident, day=day, overrides=overrides)
        if clock is not None and clock.done_on is not None and clock.done_on > clock.due:
            late.append(definition)
    return late
