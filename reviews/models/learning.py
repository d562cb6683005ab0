"""Learning from reviews: events for practitioners, resources, and commendations of good practice."""

from typing import ClassVar

from django.db import models

from crag.models import Agency
from reviews.choices import LearningEventKind, LearningResourceKind
from reviews.models.actions import Recommendation
from reviews.models.reviews import Review
from reviews.models.themes import Theme


class LearningEvent(models.Model):
    """A learning event, workshop, conference or briefing held for practitioners."""

    ref = models.CharField(max_length=64, unique=True, null=True, blank=True, help_text="Import reference")
    kind = models.CharField(max_length=20, choices=LearningEventKind.choices)
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    themes = models.ManyToManyField(Theme, related_name="learning_events", blank=True)
    reviews = models.ManyToManyField(Review, related_name="learning_events", blank=True)
    attendees = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="How many attended in all (the sum of attendance by agency when recorded)",
    )
    feedback = models.TextField(blank=True)
    # The version edit forms read and saves check (reviews/editing/versions.py): never set by hand.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-held_on", "-id")
        indexes: ClassVar = [models.Index(fields=["held_on"], name="learning_event_held_idx")]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(kind__in=LearningEventKind.values), name="learning_event_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class LearningAttendance(models.Model):
    """How many from one agency attended an event."""

    event = models.ForeignKey(LearningEvent, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ("agency__name",)
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["event", "agency"], name="attendance_one_per_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.count} from {self.agency}"


class LearningResource(models.Model):
    """A poster, briefing or 7-minute guide made from reviews and their recommendations."""

    kind = models.CharField(max_length=20, choices=LearningResourceKind.choices)
    title = models.CharField(max_length=200)
    published_on = models.DateField(null=True, blank=True)
    url = models.URLField("web address", blank=True)
    description = models.TextField(blank=True)
    reviews = models.ManyToManyField(Review, related_name="learning_resources", blank=True)
    recommendations = models.ManyToManyField(Recommendation, related_name="learning_resources", blank=True)
    # The version edit forms read and saves check (reviews/editing/versions.py): never set by hand.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-published_on", "title")
        indexes: ClassVar = [models.Index(fields=["published_on"], name="learning_resource_date_idx")]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(kind__in=LearningResourceKind.values), name="learning_resource_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Commendation(models.Model):
    """Good practice a review found, recognised: who, which agency, what, when."""

    who = models.CharField("practitioner or team", max_length=200)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="commendations")
    what = models.TextField("the good practice")
    commended_on = models.DateField()
    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, null=True, blank=True, related_name="commendations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-commended_on", "-id")
        indexes: ClassVar = [models.Index(fields=["commended_on"], name="commendation_date_idx")]

    def __str__(self) -> str:
        return f"{self.who} ({self.agency})"
