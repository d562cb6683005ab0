"""The clocks of a review (publication, the notices before it, the year on the website) and of an
action on its plan (DESIGN.md section 2). A closed review has no open clock: closing (without a
review, or without publication with a justification Working Together allows) completes them."""

from datetime import date

from django.db.models import Q
from django.utils import timezone

from notifications.calendar import Overrides
from reviews.choices import ActionStatus, ReviewKind, ReviewStatus
from reviews.clocks.definition import ClockDefinition, Listing, Period, Recipients, Unit, after, on_or_before
from reviews.clocks.links import url_for
from reviews.models import Action, Review

# The registry's name for the open statuses, read by notifications and the dashboard.
OPEN_ACTION_STATUSES = ActionStatus.OPEN


def _earliest(*dates: date | None) -> date | None:
    known = [d for d in dates if d is not None]
    return min(known) if known else None


# --- Reviews ------------------------------------------------------------------------------------


def closed_on(review: Review) -> date | None:
    """When the review was closed; a review closed before the date was recorded counts as closed
    on every day (date.min), as `not_closed_q` does."""
    if review.status != ReviewStatus.CLOSED:
        return None
    return review.closed_on or date.min


def not_closed_q(day: date) -> Q:
    return ~Q(status=ReviewStatus.CLOSED) | Q(closed_on__gt=day)


def review_listing(review: Review) -> Listing:
    return Listing(
        "review",
        review.pk,
        review.ref,
        f"{review.get_kind_display()} {review.title}",
        url_for("reviews:review_detail", review.pk),
    )


def _decided(review: Review) -> date:
    return review.decision_on


def _monthly_once_the_reason_is_sent(review: Review, day: date) -> int:
    """Past six months the reason for delay goes to the Panel and the Secretary of State; once it
    has, the clock stays overdue but reminds monthly (every N working days), not daily."""
    from django.conf import settings

    sent = review.delay_reason_sent_on
    return settings.CRAG_DELAY_REASON_SENT_REMINDER_WORKING_DAYS if sent is not None and sent <= day else 1


CSPR_PUBLICATION = ClockDefinition(
    key="cspr_publication",
    label="Publish the review",
    subject="review",
    model=Review,
    period=Period("CRAG_CSPR_PUBLICATION_MONTHS", Unit.CALENDAR_MONTHS),
    source="Working Together: completed and published within 6 calendar months of the decision to "
    "initiate it; pauses do not move it",
    applies=lambda review: review.kind == ReviewKind.CSPR,
    applies_q=Q(kind=ReviewKind.CSPR),
    starts=lambda review, day, overrides: (review.decision_on, False),
    completed_on=lambda review: _earliest(review.published_on, closed_on(review)),
    pending_q=lambda day: after("published_on")(day) & not_closed_q(day),
    exists_from=_decided,
    exists_q=on_or_before("decision_on"),
    listing=review_listing,
    overdue_every=_monthly_once_the_reason_is_sent,
    start_field="decision_on",
)

NOTICE_FIELDS = ("panel_notice_on", "secretary_of_state_notice_on", "ofsted_notice_on")


def _notices_sent(review: Review) -> date | None:
    """All three notices sent: the day the last went."""
    sent = [getattr(review, name) for name in NOTICE_FIELDS]
    return max(d for d in sent if d is not None) if all(sent) else None


def _notices_pending_q(day: date) -> Q:
    not_all_sent = Q()
    for name in NOTICE_FIELDS:
        not_all_sent |= Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gt": day})
    return not_all_sent & after("published_on")(day) & not_closed_q(day)


PRE_PUBLICATION_NOTICE = ClockDefinition(
    key="pre_publication_notice",
    label="Send the final report to the Panel, Secretary of State and Ofsted",
    subject="review",
    model=Review,
    period=Period("CRAG_PRE_PUBLICATION_NOTICE_WORKING_DAYS", Unit.WORKING_DAYS_BEFORE),
    source="Working Together: at least 7 working days before publication",
    applies=lambda review: review.planned_publication_on is not None,
    applies_q=Q(planned_publication_on__isnull=False),
    starts=lambda review, day, overrides: (review.planned_publication_on, False),
    completed_on=lambda review: _earliest(_notices_sent(review), review.published_on, closed_on(review)),
    pending_q=_notices_pending_q,
    exists_from=_decided,
    exists_q=on_or_before("decision_on"),
    listing=review_listing,
    start_field="planned_publication_on",
)

EARLIEST_REMOVAL = ClockDefinition(
    key="earliest_removal",
    label="Earliest date the report may come off the website",
    subject="review",
    model=Review,
    period=Period("CRAG_PUBLICATION_MINIMUM_MONTHS", Unit.CALENDAR_MONTHS),
    source="Working Together; the source report: on the website for at least a year",
    applies=lambda review: review.published_on is not None,
    applies_q=Q(published_on__isnull=False),
    starts=lambda review, day, overrides: (review.published_on, False),
    completed_on=closed_on,
    pending_q=not_closed_q,
    exists_from=lambda review: review.published_on,
    exists_q=on_or_before("published_on"),
    listing=review_listing,
    start_field="published_on",
    informational=True,
)

REVIEW_CLOCKS = (CSPR_PUBLICATION, PRE_PUBLICATION_NOTICE, EARLIEST_REMOVAL)


# --- Actions ------------------------------------------------------------------------------------


def action_listing(action: Action) -> Listing:
    recommendation = action.recommendation
    where = f"{recommendation.source_title}, recommendation {recommendation.number}"
    return Listing(
        "action",
        action.pk,
        action.ref,
        f"{action.description[:80]} ({where})",
        url_for("reviews:action_detail", action.pk),
        action.owner_agency_id,
    )


def _action_completed(action: Action) -> date | None:
    if action.status in OPEN_ACTION_STATUSES:
        return None
    return action.completed_on or date.min


def _action_due(action: Action, day: date, overrides: Overrides) -> tuple[date, bool]:
    return action.due_on, False


ACTION_DUE = ClockDefinition(
    key="action_due",
    label="Action due",
    subject="action",
    model=Action,
    period=Period("", Unit.SET_DATE),
    source="Local: the action plan's own due dates",
    applies=lambda action: True,
    applies_q=Q(),
    starts=_action_due,
    completed_on=_action_completed,
    pending_q=lambda day: Q(status__in=OPEN_ACTION_STATUSES) | Q(completed_on__gt=day),
    exists_from=lambda action: timezone.localdate(action.created_at) if action.created_at else None,
    exists_q=lambda day: Q(created_at__date__lte=day),
    listing=action_listing,
    recipients=Recipients.OWNER_AGENCY,
    start_field="due_on",
)
