"""Referrals (issue 19): an agency asks CRAG to consider a case before any notification. CRAG
screens it within `CRAG_REFERRAL_SCREENING_WORKING_DAYS` (the `referral_screening` clock): a
notifiable case becomes an incident (its aware date and children carried over), any other is
routed, with the reason. A referral is never deleted, only decided."""

from typing import ClassVar

from django.conf import settings
from django.db import models

from crag.models import Agency
from reviews.choices import AbuseSuspected, IncidentKind, ScreeningDecision
from reviews.models.children import Child
from reviews.models.incidents import Incident
from reviews.models.restricted import ReferralQuerySet


class Referral(models.Model):
    """A partner agency's referral of a case for CRAG to consider."""

    # What happened to a named child is restricted like the child's identity.
    IDENTITY_FIELDS: ClassVar[tuple[str, ...]] = ("what_happened",)

    ref = models.CharField(max_length=64, unique=True, null=True, blank=True, help_text="Import reference")
    reference = models.CharField(max_length=32, unique=True, help_text="CRAG's reference, e.g. REF-2026-007")
    referring_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="referrals")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referred_on = models.DateField(help_text="Day 0 of the screening clock")
    children = models.ManyToManyField(Child, related_name="referrals")
    kind = models.CharField("what happened to the child", max_length=32, choices=IncidentKind.choices)
    incident_date = models.DateField(null=True, blank=True)
    what_happened = models.TextField()
    agency_aware_on = models.DateField("the referring agency became aware on")
    council_aware_on = models.DateField(
        "the council became aware on", null=True, blank=True, help_text="Day 0 of the Panel's clocks"
    )
    abuse_or_neglect_suspected = models.CharField(max_length=16, choices=AbuseSuspected.choices)
    # Screening.
    decision = models.CharField(max_length=24, choices=ScreeningDecision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    screened_on = models.DateField(null=True, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    incident = models.OneToOneField(
        Incident, on_delete=models.PROTECT, null=True, blank=True, related_name="referral"
    )
    meeting = models.ForeignKey(
        "reviews.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="screened_referrals",
        help_text="The CRAG meeting where it was screened, if it was",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()  # .restrict(user, action): the rows a user may see

    class Meta:
        ordering = ("-referred_on", "-id")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(decision__in=[*ScreeningDecision.values, ""]),
                name="referral_decision_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(decision="") | models.Q(screened_on__isnull=False),
                name="referral_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="notify") | models.Q(incident__isnull=False),
                name="referral_notified_has_incident",
                violation_error_message="A notifiable referral becomes an incident.",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_screened(self) -> bool:
        return bool(self.decision)
