from typing import ClassVar

from django.conf import settings
from django.db import models

from reviews.choices import Engagement, NonPublicationReason, ReviewKind, ReviewStatus
from reviews.models.children import Child
from reviews.models.rapid_reviews import RapidReview
from reviews.models.restricted import ReviewQuerySet
from reviews.models.themes import Theme


class Review(models.Model):
    """A case review (SCR, CSPR, local) or learning review. A local CSPR is completed and
    published within 6 calendar months of the decision to initiate it (Working Together)."""

    ref = models.CharField(max_length=64, unique=True, null=True, blank=True, help_text="Import reference")
    kind = models.CharField(max_length=32, choices=ReviewKind.choices)
    title = models.CharField(max_length=200, help_text='A pseudonymised label, e.g. "Child M"')
    rapid_review = models.ForeignKey(
        RapidReview, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    children = models.ManyToManyField(Child, related_name="reviews", blank=True)
    themes = models.ManyToManyField(Theme, related_name="reviews", blank=True)
    decision_on = models.DateField(help_text="The decision to initiate the review")
    status = models.CharField(max_length=40, choices=ReviewStatus.choices, default=ReviewStatus.SCOPING)
    # The review record (issue 6): who writes it, on what terms, at what cost.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_reviews",
        help_text="A user in the Independent reviewer role; they see only this review.",
    )
    commissioned_on = models.DateField(null=True, blank=True)
    terms_of_reference = models.TextField(blank=True)
    methodology = models.TextField(blank=True)
    cost_gbp = models.DecimalField("cost (GBP)", max_digits=10, decimal_places=2, null=True, blank=True)
    family_engagement = models.CharField(
        max_length=20, choices=Engagement.choices, default=Engagement.NOT_STARTED
    )
    family_engagement_notes = models.TextField(blank=True)
    practitioner_engagement = models.CharField(
        max_length=20, choices=Engagement.choices, default=Engagement.NOT_STARTED
    )
    practitioner_engagement_notes = models.TextField(blank=True)
    signed_off_on = models.DateField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Past the 6-month target the reason for delay is recorded and sent to the Panel and the
    # Secretary of State (Working Together).
    delay_reason = models.TextField("reason for delay", blank=True)
    delay_reason_sent_on = models.DateField(
        "reason for delay sent to the Panel and Secretary of State", null=True, blank=True
    )
    # The 2018 regulations ask the partners to monitor a review's progress: CRAG checks it every
    # CRAG_PROGRESS_CHECK_WEEKS (the `progress_check` clock counts from the last check, or from
    # the decision).
    progress_checked_on = models.DateField("progress last checked on", null=True, blank=True)
    # Publication (Working Together): notices to the Panel, the Secretary of State and Ofsted at
    # least 7 working days before; then on the website for at least a year.
    planned_publication_on = models.DateField(null=True, blank=True)
    panel_notice_on = models.DateField("final report sent to the Panel", null=True, blank=True)
    secretary_of_state_notice_on = models.DateField(
        "final report sent to the Secretary of State", null=True, blank=True
    )
    ofsted_notice_on = models.DateField("final report sent to Ofsted", null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    publication_url = models.URLField(blank=True)
    # Closing: the day it was closed (its clocks are complete from then), and for a signed-off
    # review closed without publication, the justification Working Together allows and the day it
    # went to the Panel and the Secretary of State.
    closed_on = models.DateField(null=True, blank=True)
    non_publication_reason = models.CharField(
        "why the report is not published", max_length=32, choices=NonPublicationReason.choices, blank=True
    )
    non_publication_sent_on = models.DateField(
        "justification sent to the Panel and Secretary of State", null=True, blank=True
    )
    # What NHS England's Safeguarding Case Review Tracker (S-CRT) asks that CRAG has no other place
    # for (issue 20; the export is reviews/scrt/): the serious incident number, the ICB's designated
    # professional who keeps the tracker, and the NHS organisations involved with the child.
    steis_number = models.CharField("StEIS or serious incident number", max_length=32, blank=True)
    designated_professional = models.CharField("designated professional (health)", max_length=150, blank=True)
    health_organisations = models.TextField("NHS organisations involved", blank=True)
    # The version edit forms read and saves check (reviews/editing/versions.py): never set by hand.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()  # .restrict(user, action): the rows a user may see

    class Meta:
        ordering = ("-decision_on", "-id")
        indexes: ClassVar = [
            models.Index(fields=["status", "decision_on"], name="review_status_decision_idx"),
            models.Index(fields=["decision_on", "id"], name="review_decision_order_idx"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(kind__in=ReviewKind.values), name="review_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(status__in=ReviewStatus.values), name="review_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(cost_gbp__isnull=True) | models.Q(cost_gbp__gte=0),
                name="review_cost_not_negative",
                violation_error_message="The cost cannot be negative.",
            ),
            models.CheckConstraint(
                condition=models.Q(non_publication_reason__in=[*NonPublicationReason.values, ""]),
                name="review_non_publication_reason_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReviewStatus.PUBLISHED) | models.Q(published_on__isnull=False),
                name="review_published_has_date",
                violation_error_message="A published review needs its publication date.",
            ),
        ]

    def __str__(self) -> str:
        return self.title
