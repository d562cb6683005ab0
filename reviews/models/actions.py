from typing import ClassVar

from django.conf import settings
from django.db import models

from crag.models import Agency
from reviews.choices import ActionStatus, Rag
from reviews.models.external import ExternalReview
from reviews.models.restricted import ActionQuerySet
from reviews.models.reviews import Review


class Recommendation(models.Model):
    """A numbered recommendation, to one or more agencies (about 8 per review): of one of the
    partnership's reviews, or of an external review (issue 20), never both. Its actions, their
    rating and reminders are the same either way; `source_title` names where it came from."""

    ref = models.CharField(max_length=64, unique=True, null=True, blank=True, help_text="Import reference")
    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations"
    )
    external_review = models.ForeignKey(
        ExternalReview, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    agencies = models.ManyToManyField(Agency, related_name="recommendations", blank=True)
    priority = models.CharField("business-plan priority", max_length=200, blank=True)

    class Meta:
        ordering = ("review", "number")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["review", "number"], name="recommendation_number_unique"),
            models.UniqueConstraint(
                fields=["external_review", "number"], name="external_recommendation_number_unique"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(review__isnull=False, external_review__isnull=True)
                    | models.Q(review__isnull=True, external_review__isnull=False)
                ),
                name="recommendation_has_one_source",
                violation_error_message="A recommendation belongs to one review: local or external.",
            ),
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number} of {self.source_title}"

    @property
    def is_external(self) -> bool:
        return self.external_review_id is not None

    @property
    def source_title(self) -> str:
        """The title of the review it came from, local or external (select_related both)."""
        source = self.external_review if self.external_review_id is not None else self.review
        return source.title if source is not None else ""

    @property
    def source_label(self) -> str:
        """'Local review' or the external review's source, for the action plan's Source column."""
        if self.external_review is not None:
            return self.external_review.get_source_display()
        return "Local review"


class Action(models.Model):
    """One agency's action on a recommendation, monitored by the Business Group."""

    ref = models.CharField(max_length=64, unique=True, null=True, blank=True, help_text="Import reference")
    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="actions")
    owner_name = models.CharField("owner (person)", max_length=150, blank=True)
    due_on = models.DateField()
    status = models.CharField(max_length=16, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    evidence = models.TextField("evidence of impact", blank=True)
    rag = models.CharField("RAG rating", max_length=8, choices=Rag.choices, blank=True)
    rag_comment = models.TextField(blank=True)
    # The version edit forms read and saves check (reviews/editing/versions.py): never set by hand.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()  # .restrict(user, action): the rows a user may see

    class Meta:
        ordering = ("due_on", "id")
        indexes: ClassVar = [
            models.Index(fields=["owner_agency", "status"], name="action_agency_status_idx"),
            # The action plan's default order (soonest due first), read a page at a time.
            models.Index(fields=["due_on", "id"], name="action_due_order_idx"),
            models.Index(
                fields=["due_on"],
                name="action_open_due_idx",
                condition=models.Q(status__in=list(ActionStatus.OPEN)),
            ),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(status__in=ActionStatus.values), name="action_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=list(ActionStatus.OPEN)) | models.Q(completed_on__isnull=False),
                name="action_done_has_date",
                violation_error_message="A complete or closed action needs its completion date.",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_open(self) -> bool:
        return self.status in ActionStatus.OPEN


class ActionUpdate(models.Model):
    """A dated note of progress on an action, by its author."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()

    class Meta:
        ordering = ("-written_at", "-id")

    def __str__(self) -> str:
        return f"Update of {self.written_at:%Y-%m-%d}"
