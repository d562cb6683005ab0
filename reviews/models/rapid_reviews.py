from typing import ClassVar

from django.conf import settings
from django.db import models

from crag.models import Agency, PartnerRole
from reviews.choices import PanelResponse, RapidReviewOutcome, SafetyActionKind
from reviews.models.incidents import Incident
from reviews.models.restricted import CragWorkQuerySet
from reviews.models.themes import Theme


class RapidReview(models.Model):
    """The partnership's Rapid Review of an incident, sent to the Panel within 15 working days
    (the Panel's guidance for safeguarding partners), and only once the Panel was notified. Once
    signed off by the CRAG chair its decision is never edited: corrections are DecisionAmendments
    beside it."""

    ref = models.CharField(max_length=64, unique=True, null=True, blank=True, help_text="Import reference")
    incident = models.OneToOneField(Incident, on_delete=models.PROTECT, related_name="rapid_review")
    meeting_on = models.DateField(null=True, blank=True)
    learning_points = models.TextField(blank=True)
    inequalities = models.TextField(
        "race, ethnicity and other inequalities",
        blank=True,
        help_text="How race, ethnicity, culture, disability, poverty or other inequalities bore on "
        "the child's experience and the agencies' response (the Panel's Rapid Review template)",
    )
    themes = models.ManyToManyField(Theme, related_name="rapid_reviews", blank=True)
    # The local decision (regulation 11 of the Child Safeguarding Practice Review regulations).
    meets_cspr_criteria = models.BooleanField(null=True, blank=True)
    complex_or_national_importance = models.BooleanField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True, help_text="The reasons, against the criteria")
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    # The Panel.
    sent_to_panel_on = models.DateField(null=True, blank=True)
    panel_response = models.CharField(
        max_length=16, choices=PanelResponse.choices, default=PanelResponse.PENDING
    )
    panel_considers_criteria_met = models.BooleanField(null=True, blank=True)
    panel_responded_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=32, choices=RapidReviewOutcome.choices, blank=True)
    # The version edit forms read and saves check (reviews/editing/versions.py): never set by hand.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    DECISION_FIELDS: ClassVar[tuple[str, ...]] = (
        "meets_cspr_criteria",
        "complex_or_national_importance",
        "decision_reasons",
    )

    objects = CragWorkQuerySet.as_manager()  # .restrict(user, action): the rows a user may see

    class Meta:
        ordering = ("-incident__aware_date", "-id")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(signed_off_at__isnull=True) | models.Q(signed_off_by__isnull=False),
                name="rapid_review_sign_off_has_signatory",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=[*RapidReviewOutcome.values, ""]),
                name="rapid_review_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Rapid Review of {self.incident.reference}"

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None


class AgencySummary(models.Model):
    """What one involved agency knew and did, as presented to the Rapid Review."""

    rapid_review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="agency_summaries")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField()

    class Meta:
        ordering = ("agency__name",)
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["rapid_review", "agency"], name="one_summary_per_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} summary"


class SafetyAction(models.Model):
    """An immediate action for the child's safety agreed at the Rapid Review."""

    rapid_review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="safety_actions")
    kind = models.CharField(max_length=32, choices=SafetyActionKind.choices)
    description = models.TextField()
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner_name = models.CharField(max_length=150, blank=True)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.owner_agency})"


class DecisionAmendment(models.Model):
    """A dated, attributed correction recorded beside a signed-off decision (never in place of it)."""

    rapid_review = models.ForeignKey(RapidReview, on_delete=models.PROTECT, related_name="amendments")
    text = models.TextField(help_text="The correction")
    reason = models.TextField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("made_at", "id")

    def __str__(self) -> str:
        return f"Amendment of {self.made_at:%Y-%m-%d}"


class KeyPracticeEpisode(models.Model):
    """A key practice episode of the Rapid Review with its analysis (the Panel's template): a
    moment when practice could have changed the child's outcome, and what the partners make of it."""

    rapid_review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="key_episodes")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    occurred_on = models.DateField("when", null=True, blank=True)
    description = models.TextField("what happened")
    analysis = models.TextField(blank=True)
    agencies = models.ManyToManyField(Agency, related_name="+", blank=True)

    class Meta:
        ordering = ("number", "id")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["rapid_review", "number"], name="key_episode_number_unique"),
        ]

    def __str__(self) -> str:
        return f"Key practice episode {self.number}: {self.title}"


class PartnerAgreement(models.Model):
    """A statutory safeguarding partner's agreement to the Rapid Review's decision, recorded by its
    representative (Working Together 2023: the decision is the three partners'). It agrees to the
    decision as it then stood (`decision_digest`); a changed decision needs agreeing again."""

    rapid_review = models.ForeignKey(RapidReview, on_delete=models.PROTECT, related_name="partner_agreements")
    partner_role = models.CharField(max_length=16, choices=PartnerRole.choices)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agreed_at = models.DateTimeField(auto_now_add=True)
    decision_digest = models.CharField(max_length=64, help_text="The decision agreed to, as a checksum")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ("partner_role", "id")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["rapid_review", "partner_role"], name="one_agreement_per_partner"
            ),
            models.CheckConstraint(
                condition=models.Q(partner_role__in=PartnerRole.values), name="agreement_partner_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_partner_role_display()} agreed"
