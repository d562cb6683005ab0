"""Keep the shared copy of the computed deadlines honest: any change to what they are computed
from (incidents, Rapid Reviews, reviews, children's pseudonyms, annual reports, the calendar)
moves the version on, so the next page computes them afresh."""

from typing import Any

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "deadlines:version"


def deadlines_changed(**_: Any) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache yet (or evicted): any new value will do
        cache.set(VERSION_KEY, 1, None)


def version() -> int:
    return int(cache.get_or_set(VERSION_KEY, 0, None) or 0)


def connect() -> None:
    from notifications.models import CalendarOverride
    from reviews.models import AnnualReport, Child, Incident, RapidReview, Review

    for model in (Incident, RapidReview, Review, Child, AnnualReport, CalendarOverride):
        post_save.connect(deadlines_changed, sender=model, dispatch_uid=f"deadlines-save-{model.__name__}")
        post_delete.connect(
            deadlines_changed, sender=model, dispatch_uid=f"deadlines-delete-{model.__name__}"
        )
    m2m_changed.connect(
        deadlines_changed, sender=Incident.children.through, dispatch_uid="deadlines-children"
    )
