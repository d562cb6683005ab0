"""Keep the shared copy of the computed deadlines honest: any change to what they are computed
from (incidents, Rapid Reviews, reviews, children's pseudonyms, annual reports, the calendar,
agencies' requested returns,
referrals, meeting actions, resources sent to agencies and their use, assurance activity)
moves the version on, so the next page computes them afresh."""

import time
from typing import Any

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "deadlines:version"


def fresh_version() -> int:
    """A value the version has not had before: readers only need it to change. A count (incr)
    would not do: after Redis restarts empty, or drops the version after an outage (crag.cache),
    a count starts again from a number that results computed earlier may still be kept under."""
    return time.time_ns()


def deadlines_changed(**_: Any) -> None:
    # While Redis is away the cache writes to the database instead (crag.cache): the save goes on.
    cache.set(VERSION_KEY, fresh_version(), None)


def version() -> int:
    return int(cache.get_or_set(VERSION_KEY, fresh_version, None) or fresh_version())


def connect() -> None:
    from notifications.models import CalendarOverride
    from reviews.models import (
        AnnualReport,
        AssuranceActivity,
        Child,
        ContributionRequest,
        Dissemination,
        Incident,
        MeetingAction,
        RapidReview,
        Referral,
        ResourceUse,
        Review,
    )

    for model in (
        Incident,
        RapidReview,
        Review,
        Child,
        AnnualReport,
        CalendarOverride,
        ContributionRequest,
        Referral,
        MeetingAction,
        Dissemination,
        ResourceUse,
        AssuranceActivity,
    ):
        post_save.connect(deadlines_changed, sender=model, dispatch_uid=f"deadlines-save-{model.__name__}")
        post_delete.connect(
            deadlines_changed, sender=model, dispatch_uid=f"deadlines-delete-{model.__name__}"
        )
    m2m_changed.connect(
        deadlines_changed, sender=Incident.children.through, dispatch_uid="deadlines-children"
    )
