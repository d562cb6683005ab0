"""Assurance activity (issue 20): CRAG plans activity that tests whether practice changed after a
review (a multi-agency audit six months on, a practitioner survey), linked to the recommendations
and themes it tests, and later records what it found.

Every role that reads the learning reads it, so its reads live here beside its writes (as in
reviews/learning/services.py); a recommendation is named only to a reader who may read its
source's title.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from crag import audit_entries, permissions
from crag.models import Agency, User
from reviews import validation
from reviews.casework import selectors
from reviews.choices import AssuranceKind, PracticeChange
from reviews.editing import versions
from reviews.models import AssuranceActivity, Recommendation, Theme

PLANNED, COMPLETED = "planned", "completed"
SORTS = {
    "-planned": ("-planned_on", "-id"),
    "planned": ("planned_on", "id"),
    "-completed": ("-completed_on", "-planned_on", "-id"),
    "title": ("title", "id"),
    "kind": ("kind", "-planned_on", "-id"),
}
M2M = ("agencies", "recommendations", "themes")
ALREADY_RECORDED = (
    "The findings of this activity are already recorded. To correct them, open the activity and "
    "choose 'Correct the findings'."
)
FINDINGS_REQUIRED = {
    "completed_on": "Enter the date the activity was completed",
    "findings": "Describe what the activity found",
    "practice_changed": "Say whether practice changed",
}


# --- Reads --------------------------------------------------------------------------------------


def recommendations_to_choose() -> QuerySet[Recommendation]:
    """Every recommendation, local and external, by its source's title and number (CRAG chooses)."""
    return (
        Recommendation.objects.select_related("review", "external_review")
        .annotate(source=Coalesce("review__title", "external_review__title"))
        .order_by("source", "number", "id")
    )


def _named_recommendations(user: User) -> "Prefetch[Any, Any, Any]":
    """The activity's recommendations whose source the reader may name: an external review's
    always (the register is everyone's to read), a review's only when its title is named to them."""
    named = Q(external_review__isnull=False) | Q(review__in=selectors.reviews_named_to(user=user))
    return Prefetch(
        "recommendations",
        queryset=recommendations_to_choose().filter(named),
        to_attr="named_recommendations",
    )


def assurance_list(*, user: User, filters: Mapping[str, Any]) -> QuerySet[AssuranceActivity]:
    """Assurance activity, filtered by status (planned or completed), kind and whether practice
    changed, in the chosen order (latest planned first)."""
    permissions.require(permissions.can_view_learning(user))
    activities = AssuranceActivity.objects.prefetch_related(
        Prefetch("agencies", queryset=Agency.objects.order_by("name")),
        "themes",
        _named_recommendations(user),
    )
    if filters.get("status") == PLANNED:
        activities = activities.filter(completed_on__isnull=True)
    elif filters.get("status") == COMPLETED:
        activities = activities.filter(completed_on__isnull=False)
    if filters.get("kind"):
        activities = activities.filter(kind=filters["kind"])
    if filters.get("practice_changed"):
        activities = activities.filter(practice_changed=filters["practice_changed"])
    order = SORTS.get(str(filters.get("sort") or ""), SORTS["-planned"])
    return activities.order_by(*order)


def assurance_get(*, user: User, pk: int) -> AssuranceActivity:
    """One activity with what it tests; 404 when there is none."""
    return get_object_or_404(assurance_list(user=user, filters={}).select_related("created_by"), pk=pk)


# --- Writes -------------------------------------------------------------------------------------


def _plan_fields(activity: AssuranceActivity, *, kind: str, title: str, planned_on: date | None) -> None:
    errors = {}
    if kind not in AssuranceKind.values:
        errors["kind"] = "Choose the kind of activity"
    if not title.strip():
        errors["title"] = "Enter a title for the activity"
    if planned_on is None:
        errors["planned_on"] = "Enter the date the activity is planned for"
    if errors:
        raise ValidationError(errors)
    activity.kind, activity.title, activity.planned_on = kind, title.strip(), planned_on  # type: ignore[assignment]


def _save(
    activity: AssuranceActivity,
    *,
    agencies: Iterable[Agency],
    recommendations: Iterable[Recommendation],
    themes: Iterable[Theme],
) -> AssuranceActivity:
    activity.full_clean()
    with audit_entries.one_entry(activity, m2m=M2M):
        activity.save()
        activity.agencies.set(list(agencies))
        activity.recommendations.set(list(recommendations))
        activity.themes.set(list(themes))
    return activity


@transaction.atomic
def assurance_plan(
    *,
    actor: User,
    kind: str,
    title: str,
    planned_on: date,
    agencies: Iterable[Agency] = (),
    recommendations: Iterable[Recommendation] = (),
    themes: Iterable[Theme] = (),
) -> AssuranceActivity:
    """Plan an activity that tests whether practice changed (its date may be in the future)."""
    permissions.require(permissions.can_plan_assurance(actor))
    activity = AssuranceActivity(created_by=actor)
    _plan_fields(activity, kind=kind, title=title, planned_on=planned_on)
    return _save(activity, agencies=agencies, recommendations=recommendations, themes=themes)


@transaction.atomic
def assurance_update(
    *,
    actor: User,
    activity: AssuranceActivity,
    kind: str,
    title: str,
    planned_on: date,
    agencies: Iterable[Agency] = (),
    recommendations: Iterable[Recommendation] = (),
    themes: Iterable[Theme] = (),
    version: int | None = None,
) -> AssuranceActivity:
    """Correct the plan: what the activity is, when, and what it tests (its findings stay)."""
    permissions.require(permissions.can_plan_assurance(actor))
    versions.claim(activity, version)
    activity = AssuranceActivity.objects.select_for_update().get(pk=activity.pk)
    _plan_fields(activity, kind=kind, title=title, planned_on=planned_on)
    return _save(activity, agencies=agencies, recommendations=recommendations, themes=themes)


def _completed_on_errors(activity: AssuranceActivity, completed_on: date | None) -> dict[str, str]:
    """Nothing is found before the reviews it tests decided to look (validation.before_decision),
    nor after today."""
    if completed_on is None:
        return {"completed_on": FINDINGS_REQUIRED["completed_on"]}
    if validation.in_future(completed_on):
        return {"completed_on": validation.FUTURE_DATE}
    for rec in activity.recommendations.select_related("review"):
        if rec.review is not None and validation.before_decision(completed_on, rec.review):
            return {
                "completed_on": f"The date cannot be before the decision to initiate the review it "
                f"tests ({rec.review.title}, {rec.review.decision_on:%-d %B %Y})."
            }
    return {}


@transaction.atomic
def assurance_findings_record(
    *,
    actor: User,
    activity: AssuranceActivity,
    completed_on: date | None,
    findings: str,
    practice_changed: str,
    sample: int | None = None,
    version: int | None = None,
) -> AssuranceActivity:
    """Record what the activity found: when it was completed, what it found and whether practice
    changed, all at once. Recorded once; a correction comes from a form that read the recorded
    findings (it carries their version)."""
    permissions.require(permissions.can_plan_assurance(actor))
    if activity.is_complete and version is None:
        raise ValidationError(ALREADY_RECORDED)
    versions.claim(activity, version)
    activity = AssuranceActivity.objects.select_for_update().get(pk=activity.pk)
    errors = _completed_on_errors(activity, completed_on)
    if not findings.strip():
        errors["findings"] = FINDINGS_REQUIRED["findings"]
    if practice_changed not in PracticeChange.values:
        errors["practice_changed"] = FINDINGS_REQUIRED["practice_changed"]
    if sample is not None and sample < 0:
        errors["sample"] = "The number looked at cannot be negative"
    if errors:
        raise ValidationError(errors)
    activity.completed_on, activity.sample = completed_on, sample
    activity.findings, activity.practice_changed = findings.strip(), practice_changed
    activity.full_clean()
    with audit_entries.one_entry(activity):
        activity.save()
    return activity
