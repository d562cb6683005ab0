"""Removing the load case records (with `--replace`): one DELETE per table, children first; the
load agencies and users stay for the next run."""

from collections.abc import Sequence
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction

from demo.load.plan import PREFIX
from reviews.models import (
    Action,
    ActionUpdate,
    AgencySummary,
    Child,
    Commendation,
    DecisionAmendment,
    Incident,
    LearningAttendance,
    LearningEvent,
    LearningResource,
    LifeLetter,
    ParallelProcess,
    RapidReview,
    Recommendation,
    Review,
    ReviewDocument,
    ReviewStatusChange,
    SafetyAction,
)


def _delete(queryset: models.QuerySet[Any]) -> int:
    """DELETE in one statement: the ORM's collector would load every row (auditlog listens)."""
    inner, params = queryset.values("pk").query.sql_with_params()
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({inner})", params)  # noqa: S608 (names from _meta)
        return int(cursor.rowcount)


def delete_load_data() -> int:
    """Remove every load case record (agencies and users stay for the next run)."""
    load = {"ref__startswith": PREFIX}
    rec = {"recommendation__ref__startswith": PREFIX}
    rev = {"review__ref__startswith": PREFIX}
    rr = {"rapid_review__ref__startswith": PREFIX}
    querysets: Sequence[models.QuerySet[Any]] = (
        ActionUpdate.objects.filter(action__ref__startswith=PREFIX),
        Action.objects.filter(**load),
        Recommendation.agencies.through.objects.filter(**rec),
        LearningResource.recommendations.through.objects.filter(**rec),
        Recommendation.objects.filter(**load),
        LearningEvent.reviews.through.objects.filter(**rev),
        LearningResource.reviews.through.objects.filter(**rev),
        Review.children.through.objects.filter(**rev),
        Review.themes.through.objects.filter(**rev),
        *(model.objects.filter(**rev) for model in (LifeLetter, ParallelProcess, Commendation)),
        *(model.objects.filter(**rev) for model in (ReviewStatusChange, ReviewDocument)),
        Review.objects.filter(**load),
        *(model.objects.filter(**rr) for model in (AgencySummary, SafetyAction, DecisionAmendment)),
        RapidReview.themes.through.objects.filter(rapidreview__ref__startswith=PREFIX),
        RapidReview.objects.filter(**load),
        Incident.children.through.objects.filter(incident__ref__startswith=PREFIX),
        Incident.themes.through.objects.filter(incident__ref__startswith=PREFIX),
        Incident.objects.filter(**load),
        Child.objects.filter(**load),
        LearningAttendance.objects.filter(event__ref__startswith=PREFIX),
        LearningEvent.themes.through.objects.filter(learningevent__ref__startswith=PREFIX),
        LearningEvent.objects.filter(**load),
    )
    with transaction.atomic():
        deleted = _delete_reminders()
        for queryset in querysets:
            deleted += _delete(queryset)
    return deleted


def _delete_reminders() -> int:
    """Reminders the deadline sweep made about load records (they name their subject by id)."""
    reminder = apps.get_model("notifications", "Reminder")
    deleted = 0
    for subject_type, model in (("incident", Incident), ("review", Review), ("action", Action)):
        ids = list(model.objects.filter(ref__startswith=PREFIX).values_list("pk", flat=True))
        deleted += _delete(reminder.objects.filter(subject_type=subject_type, subject_id__in=ids))
    return deleted
