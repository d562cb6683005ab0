"""What a review's record holds beyond its own row: parallel processes, life letters, documents
and the history of its status (DESIGN.md section 3)."""

from typing import ClassVar

from django.conf import settings
from django.db import models

from reviews.choices import DocumentKind, LifeLetterStage, ParallelProcessKind, ReviewStatus
from reviews.models.children import Child
from reviews.models.reviews import Review
from reviews.storage import PrivateStorage


class ParallelProcess(models.Model):
    """A process running alongside the review (an inquest, a trial...) and what it holds up.
    A review is paused, or completed as far as possible, only while one is active."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="parallel_processes")
    kind = models.CharField(max_length=40, choices=ParallelProcessKind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    blocks_family_contact = models.BooleanField("holds up contact with the family", default=False)
    blocks_practitioner_interviews = models.BooleanField("holds up practitioner interviews", default=False)
    blocks_publication = models.BooleanField("holds up publication", default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ("started_on", "id")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ParallelProcessKind.values), name="parallel_process_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="parallel_process_dates_in_order",
                violation_error_message="A process cannot end before it started.",
            ),
        ]
        indexes: ClassVar = [
            models.Index(
                fields=["review"], name="process_active_idx", condition=models.Q(ended_on__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on:%d %b %Y}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    @property
    def blocks(self) -> list[str]:
        """What it holds up, in words."""
        return [
            words
            for flag, words in (
                (self.blocks_family_contact, "contact with the family"),
                (self.blocks_practitioner_interviews, "practitioner interviews"),
                (self.blocks_publication, "publication"),
            )
            if flag
        ]


class LifeLetter(models.Model):
    """The letter to a child about the review's learning: drafted, approved, given, saved on file."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="life_letters")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="life_letters")
    stage = models.CharField(max_length=16, choices=LifeLetterStage.choices, default=LifeLetterStage.DRAFTING)
    approved_on = models.DateField(null=True, blank=True)
    given_on = models.DateField("given to the child on", null=True, blank=True)
    saved_on_file_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ("review", "child__pseudonym")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["review", "child"], name="life_letter_one_per_child"),
            models.CheckConstraint(
                condition=models.Q(stage__in=LifeLetterStage.values), name="life_letter_stage_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Life letter for {self.child}"


def _document_path(instance: "ReviewDocument", filename: str) -> str:
    """Stored under a random name: the user's file name may itself identify a child."""
    import uuid

    return f"reviews/{instance.review_id}/{uuid.uuid4().hex}"


class ReviewDocument(models.Model):
    """A file of the review, kept in private storage and served only by a permission-checked view."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=24, choices=DocumentKind.choices)
    file = models.FileField(storage=PrivateStorage(), upload_to=_document_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField(
        blank=True, help_text="Text extracted for the pre-publication check; never shown."
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-uploaded_at", "-id")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values), name="document_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class ReviewStatusChange(models.Model):
    """One move of a review's status, by whom and why: the review's timeline."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=40, choices=ReviewStatus.choices)
    to_status = models.CharField(max_length=40, choices=ReviewStatus.choices)
    on = models.DateField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    meeting = models.ForeignKey(
        "reviews.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_moves",
        help_text="The CRAG meeting that decided it, if one did",
    )

    class Meta:
        ordering = ("on", "changed_at", "id")

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
