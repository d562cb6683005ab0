"""The shared rules of dates, each written once: services and forms call them with their own words.

A date "in the future" is one after today in Europe/London (settings.TIME_ZONE): a record of what
happened cannot be dated after the day it is written down.
"""

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from reviews.models import RapidReview, Review

FUTURE_DATE = "The date cannot be in the future."
BEFORE_DECISION = "The date cannot be before the decision to initiate the review."


def in_future(value: object, today: date | None = None) -> bool:
    """Whether `value` is a date after today (anything else, a blank included, is not)."""
    return isinstance(value, date) and value > (today or timezone.localdate())


def future_dates(
    dates: Mapping[str, object], *, message: str = FUTURE_DATE, today: date | None = None
) -> dict[str, str]:
    """Each of the named dates that is in the future, with the message to show beside it."""
    today = today or timezone.localdate()
    return {name: message for name, value in dates.items() if in_future(value, today)}


def require_not_in_future(
    value: object, *, field: str | None = None, message: str = FUTURE_DATE, today: date | None = None
) -> None:
    """Refuse a date in the future: the error is the field's when `field` is named (a service's),
    else the value's own (a form field's clean method)."""
    if in_future(value, today):
        raise ValidationError({field: message} if field else message)


def before_decision(value: object, review: Review) -> bool:
    """Whether `value` is a date before the decision to initiate the review: nothing in a review's
    record happens before it."""
    return isinstance(value, date) and value < review.decision_on


def rapid_review_sent_before_notification(rapid_review: RapidReview) -> str:
    """A Rapid Review goes to the Panel only once the Panel was notified (DESIGN.md section 2):
    why its sending date breaks that rule, or "" when it does not."""
    sent, notified = rapid_review.sent_to_panel_on, rapid_review.incident.panel_notified_on
    if sent is None:
        return ""
    if notified is None:
        return "The Rapid Review cannot be sent before the Panel was notified: record the notification first."
    if sent < notified:
        return f"The Rapid Review cannot be sent before the Panel was notified (on {notified:%-d %B %Y})."
    return ""
