"""A legal hold: while an inquest, litigation or a public inquiry needs a record, the retention
schedule does nothing to it or to what hangs off it (issue 17; docs/retention.md)."""

from typing import ClassVar

from django.conf import settings
from django.db import models

from reviews.models.children import Child
from reviews.models.incidents import Incident
from reviews.models.reviews import Review


class HoldReason(models.TextChoices):
    INQUEST = "inquest", "Inquest"
    LITIGATION = "litigation", "Litigation"
    PUBLIC_INQUIRY = "public_inquiry", "Public inquiry"
    OTHER = "other", "Other"


class LegalHold(models.Model):
    """A hold on one child, incident or review, and through it on everything that hangs off it
    (its incidents, Rapid Review, reviews, documents, actions and the children they name).

    Explicit foreign keys rather than a generic relation: the three records a hold is placed on
    are the ones everything else hangs off; the database keeps the link (PROTECT: a held record
    cannot be deleted) and the retention run finds what is held with plain joins. A hold is never
    deleted: it is lifted, by whom and when, and both are audited."""

    Reason = HoldReason

    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="holds")
    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, null=True, blank=True, related_name="holds"
    )
    review = models.ForeignKey(Review, on_delete=models.PROTECT, null=True, blank=True, related_name="holds")
    reason = models.CharField(max_length=20, choices=HoldReason.choices)
    detail = models.TextField(help_text="Which proceedings, and who asked for the hold")
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_on = models.DateField()
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_on = models.DateField(null=True, blank=True)
    lifted_note = models.TextField(blank=True, help_text="Why the hold was lifted")

    class Meta:
        ordering = ("-placed_on", "-id")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(child__isnull=False, incident__isnull=True, review__isnull=True)
                | models.Q(child__isnull=True, incident__isnull=False, review__isnull=True)
                | models.Q(child__isnull=True, incident__isnull=True, review__isnull=False),
                name="legal_hold_on_one_record",
                violation_error_message="A hold is placed on one child, incident or review.",
            ),
            models.CheckConstraint(
                condition=models.Q(reason__in=HoldReason.values), name="legal_hold_reason_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(lifted_on__isnull=True, lifted_by__isnull=True)
                | models.Q(lifted_on__isnull=False, lifted_by__isnull=False),
                name="legal_hold_lifted_by_someone",
            ),
            models.CheckConstraint(
                condition=models.Q(lifted_on__isnull=True) | models.Q(lifted_on__gte=models.F("placed_on")),
                name="legal_hold_lifted_after_placed",
                violation_error_message="A hold cannot be lifted before it was placed.",
            ),
        ]

    def __str__(self) -> str:
        on = self.child or self.incident or self.review
        return f"{self.get_reason_display()} hold on {on}"

    @property
    def is_active(self) -> bool:
        return self.lifted_on is None
