"""Learning into practice (issue 20): a learning resource sent to agencies, how each agency used
it, and the assurance activity that tests whether practice changed."""

from typing import ClassVar

from django.conf import settings
from django.db import models

from crag.models import Agency
from reviews.choices import AssuranceKind, PracticeChange, ResourceUseKind
from reviews.models.actions import Recommendation
from reviews.models.learning import LearningResource
from reviews.models.restricted import DisseminationQuerySet, ResourceUseQuerySet
from reviews.models.themes import Theme


class Dissemination(models.Model):
    """One learning resource sent to one agency: who sent it and when."""

    resource = models.ForeignKey(LearningResource, on_delete=models.PROTECT, related_name="disseminations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="disseminations")
    sent_on = models.DateField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    message = models.TextField("message to the agency", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DisseminationQuerySet.as_manager()  # .restrict(user): the rows a user may see

    class Meta:
        ordering = ("-sent_on", "agency__name", "id")
        indexes: ClassVar = [models.Index(fields=["agency", "sent_on"], name="dissemination_agency_idx")]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["resource", "agency"], name="dissemination_once_per_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} sent to {self.agency}"


class ResourceUse(models.Model):
    """How an agency used a resource it was sent: when, how, how many practitioners it reached and
    the evidence. Recorded by the agency's lead (or CRAG on its behalf)."""

    dissemination = models.ForeignKey(Dissemination, on_delete=models.PROTECT, related_name="uses")
    how = models.CharField(max_length=20, choices=ResourceUseKind.choices)
    used_from = models.DateField("used from")
    used_to = models.DateField("used until", null=True, blank=True)
    reach = models.PositiveIntegerField("practitioners reached", null=True, blank=True)
    evidence = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The version edit forms read and saves check (reviews/editing/versions.py): never set by hand.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ResourceUseQuerySet.as_manager()  # .restrict(user): the rows a user may see

    class Meta:
        ordering = ("-used_from", "-id")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(how__in=ResourceUseKind.values), name="resource_use_how_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(used_to__isnull=True) | models.Q(used_to__gte=models.F("used_from")),
                name="resource_use_dates_in_order",
                violation_error_message=(
                    "The date it was used until must be on or after the date it was used from."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_how_display()} ({self.dissemination.agency})"


class AssuranceActivity(models.Model):
    """Activity that tests whether practice changed (a multi-agency audit six months on, a survey),
    linked to the recommendations and themes it tests; planned, then its findings recorded."""

    ref = models.CharField(max_length=64, unique=True, null=True, blank=True, help_text="Import reference")
    kind = models.CharField(max_length=24, choices=AssuranceKind.choices)
    title = models.CharField(max_length=200)
    planned_on = models.DateField("planned for")
    agencies = models.ManyToManyField(Agency, related_name="assurance_activities", blank=True)
    recommendations = models.ManyToManyField(Recommendation, related_name="assurance_activities", blank=True)
    themes = models.ManyToManyField(Theme, related_name="assurance_activities", blank=True)
    completed_on = models.DateField(null=True, blank=True)
    sample = models.PositiveIntegerField("cases or responses looked at", null=True, blank=True)
    findings = models.TextField(blank=True)
    practice_changed = models.CharField(max_length=16, choices=PracticeChange.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The version edit forms read and saves check (reviews/editing/versions.py): never set by hand.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-planned_on", "-id")
        verbose_name_plural = "assurance activities"
        indexes: ClassVar = [models.Index(fields=["planned_on"], name="assurance_planned_idx")]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AssuranceKind.values), name="assurance_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(practice_changed__in=[*PracticeChange.values, ""]),
                name="assurance_practice_changed_valid",
            ),
            # Findings are recorded all at once: completed, with what was found and whether
            # practice changed; or still planned, with neither.
            models.CheckConstraint(
                condition=(
                    models.Q(completed_on__isnull=True, practice_changed="", findings="")
                    | (
                        models.Q(completed_on__isnull=False)
                        & ~models.Q(practice_changed="")
                        & ~models.Q(findings="")
                    )
                ),
                name="assurance_findings_complete",
                violation_error_message=(
                    "Completed activity needs its date, its findings and whether practice changed."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_complete(self) -> bool:
        return self.completed_on is not None
