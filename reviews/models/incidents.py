from collections.abc import Iterable
from datetime import date
from typing import ClassVar, NotRequired, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from reviews.choices import IncidentKind, IncidentLocation
from reviews.models.children import Child
from reviews.models.restricted import CragWorkQuerySet
from reviews.models.themes import Theme


class IncidentRecord(TypedDict):
    """What an incident is recorded and corrected with, written once: the incident form's fields,
    the form's values for a recorded incident, and incident_create and incident_update."""

    kind: str
    incident_date: date
    aware_date: date
    location: str
    abuse_or_neglect_suspected: bool
    children: Iterable[Child]
    themes: NotRequired[Iterable[Theme]]
    summary: NotRequired[str]


class Incident(models.Model):
    """A serious incident the local authority became aware of: a child died or was seriously
    harmed and abuse or neglect is known or suspected (Children Act 2004 s16C), or a looked-after
    child or care leaver died. Its clocks start on the aware date (day 0)."""

    # What happened to a named child is restricted like the child's identity: the audit viewer
    # says that it changed, not what to.
    IDENTITY_FIELDS: ClassVar[tuple[str, ...]] = ("summary",)

    ref = models.CharField(max_length=64, unique=True, null=True, blank=True, help_text="Import reference")
    reference = models.CharField(max_length=32, unique=True, help_text="CRAG's reference, e.g. INC-2026-004")
    kind = models.CharField(max_length=32, choices=IncidentKind.choices)
    incident_date = models.DateField()
    aware_date = models.DateField(help_text="When the local authority became aware: day 0 of every clock")
    location = models.CharField(
        max_length=32, choices=IncidentLocation.choices, default=IncidentLocation.IN_AREA
    )
    abuse_or_neglect_suspected = models.BooleanField(default=True)
    summary = models.TextField(blank=True, help_text="What happened (restricted, like a child's identity)")
    children = models.ManyToManyField(Child, related_name="incidents")
    themes = models.ManyToManyField(Theme, related_name="incidents", blank=True)
    # Notifications (DESIGN.md section 2).
    panel_notified_on = models.DateField(null=True, blank=True)
    partnership_informed_on = models.DateField(null=True, blank=True)
    ofsted_notified_on = models.DateField(null=True, blank=True)
    secretary_of_state_notified_on = models.DateField(null=True, blank=True)
    national_reference = models.CharField(max_length=64, blank=True)
    late_reason = models.TextField(blank=True, help_text="Why a notification was late")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The version edit forms read and saves check (reviews/editing/versions.py): never set by hand.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CragWorkQuerySet.as_manager()  # .restrict(user, action): the rows a user may see

    class Meta:
        ordering = ("-aware_date", "-id")
        indexes: ClassVar = [
            models.Index(fields=["aware_date"], name="incident_aware_idx"),
            models.Index(fields=["incident_date"], name="incident_date_idx"),
            models.Index(fields=["kind"], name="incident_kind_idx"),
            models.Index(
                fields=["aware_date"],
                name="incident_awaiting_panel_idx",
                condition=models.Q(panel_notified_on__isnull=True),
            ),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(aware_date__gte=models.F("incident_date")),
                name="incident_aware_not_before_incident",
                violation_error_message="The local authority cannot become aware before the incident date.",
            ),
            models.CheckConstraint(
                condition=models.Q(panel_notified_on__isnull=True)
                | models.Q(panel_notified_on__gte=models.F("aware_date")),
                name="incident_panel_notified_after_aware",
                violation_error_message="The Panel cannot be notified before the council became aware.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=IncidentKind.values), name="incident_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    RECORD_FIELDS: ClassVar[tuple[str, ...]] = tuple(IncidentRecord.__annotations__)

    NOTIFICATION_FIELDS: ClassVar[tuple[str, ...]] = (
        "panel_notified_on",
        "partnership_informed_on",
        "ofsted_notified_on",
        "secretary_of_state_notified_on",
    )

    def clean(self) -> None:
        """No one is notified before the council became aware (whichever date changes)."""
        super().clean()
        if self.aware_date is None:
            return
        errors = {
            field: "The date cannot be before the council became aware of the incident."
            for field in self.NOTIFICATION_FIELDS
            if getattr(self, field) is not None and getattr(self, field) < self.aware_date
        }
        if errors:
            raise ValidationError(errors)
