"""Agencies' contributions to a Rapid Review or a review (issue 18): the request for a return with
its clock (`contribution_due`), the return itself under the Rapid Review template's headings, its
documents and history, and the chronology rows each agency adds."""

from typing import ClassVar

from django.conf import settings
from django.db import models

from crag.models import Agency
from reviews.choices import ContributionEventKind, ContributionKind, ContributionStatus, DatePrecision
from reviews.models.rapid_reviews import RapidReview
from reviews.models.restricted import ChronologyQuerySet, ContributionQuerySet
from reviews.models.reviews import Review
from reviews.storage import PrivateStorage

ONE_CASE = models.Q(rapid_review__isnull=False, review__isnull=True) | models.Q(
    rapid_review__isnull=True, review__isnull=False
)


class ContributionRequest(models.Model):
    """CRAG's request to one agency for a return on a Rapid Review or a review, due on a date
    counted in working days from the request. The agency owes it while it is requested or
    returned for more; nothing it wrote is lost when it is returned (the history keeps each
    submitted version)."""

    rapid_review = models.ForeignKey(
        RapidReview, on_delete=models.PROTECT, null=True, blank=True, related_name="contribution_requests"
    )
    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, null=True, blank=True, related_name="contribution_requests"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="contribution_requests")
    kind = models.CharField(max_length=16, choices=ContributionKind.choices)
    description = models.TextField(blank=True, help_text="What is asked for (required for 'other')")
    requested_on = models.DateField()
    due_on = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for a request imported from a partnership's records",
    )
    status = models.CharField(
        max_length=16, choices=ContributionStatus.choices, default=ContributionStatus.REQUESTED
    )
    # The clock stops on the day of the latest submission; a return for more clears it.
    submitted_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_on = models.DateField(null=True, blank=True)
    # The return, under the headings of the Rapid Review template (agency summary).
    involvement = models.TextField("involvement with the child and family", blank=True)
    key_practice_episodes = models.TextField("key practice episodes", blank=True)
    went_well = models.TextField("what went well", blank=True)
    could_be_better = models.TextField("what could have gone better", blank=True)
    safety_actions_taken = models.TextField("immediate safety actions taken", blank=True)
    other_text = models.TextField("the return", blank=True, help_text="For a report or other return")
    # The version edit forms read and saves check (reviews/editing/versions.py): never set by hand.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    RETURN_FIELDS: ClassVar[tuple[str, ...]] = (
        "involvement",
        "key_practice_episodes",
        "went_well",
        "could_be_better",
        "safety_actions_taken",
        "other_text",
    )

    objects = ContributionQuerySet.as_manager()  # .restrict(user, action): the rows a user may see

    class Meta:
        ordering = ("due_on", "id")
        indexes: ClassVar = [
            models.Index(fields=["agency", "status"], name="contribution_agency_status_idx"),
            models.Index(
                fields=["due_on"],
                name="contribution_open_due_idx",
                condition=models.Q(status__in=["requested", "returned"]),
            ),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(condition=ONE_CASE, name="contribution_one_case"),
            models.CheckConstraint(
                condition=models.Q(kind__in=ContributionKind.values), name="contribution_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ContributionStatus.values), name="contribution_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("requested_on")),
                name="contribution_due_after_request",
                violation_error_message="The due date cannot be before the date of the request.",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["requested", "returned"])
                | models.Q(submitted_on__isnull=False),
                name="contribution_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.agency}"

    @property
    def is_open(self) -> bool:
        """The agency may still write (and owes) its return."""
        return self.status in ContributionStatus.OPEN


class ContributionEvent(models.Model):
    """One step in a request's history: who did what, when, why, and (on submission) a copy of
    the return as it was submitted."""

    request = models.ForeignKey(ContributionRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=ContributionEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True, help_text="The due date from this step on")
    snapshot = models.JSONField(default=dict, blank=True, help_text="The return as submitted")

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


def _contribution_path(instance: "ContributionDocument", filename: str) -> str:
    """Stored under a random name: the user's file name may itself identify a child."""
    import uuid

    return f"contributions/{instance.request_id}/{uuid.uuid4().hex}"


class ContributionDocument(models.Model):
    """A file of an agency's return, checked by its content and kept in private storage."""

    request = models.ForeignKey(ContributionRequest, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(storage=PrivateStorage(), upload_to=_contribution_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("uploaded_at", "id")

    def __str__(self) -> str:
        return self.original_name


class ChronologyEntry(models.Model):
    """One dated row of an agency's chronology for a Rapid Review or review, added under the
    agency's chronology request. The source is mandatory (practice guidance: every entry says
    where it was found)."""

    ref = models.CharField(max_length=64, unique=True, null=True, blank=True, help_text="Import reference")
    request = models.ForeignKey(ContributionRequest, on_delete=models.PROTECT, related_name="chronology")
    occurred_on = models.DateField("date")
    precision = models.CharField(max_length=16, choices=DatePrecision.choices, default=DatePrecision.EXACT)
    occurred_at = models.TimeField("time", null=True, blank=True)
    source = models.CharField(max_length=200, help_text="The record, system or document it comes from")
    what_happened = models.TextField()
    significance = models.TextField("the agency's view of its significance", blank=True)
    key_practice_episode = models.BooleanField(default=False)
    # A fingerprint of the row as uploaded from a spreadsheet: uploading the same row again
    # changes nothing (blank for rows typed in).
    row_key = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for a row imported from a partnership's records",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ChronologyQuerySet.as_manager()  # .restrict(user, action): the rows a user may see

    class Meta:
        ordering = ("occurred_on", "occurred_at", "id")
        verbose_name_plural = "chronology entries"
        indexes: ClassVar = [
            models.Index(fields=["request", "occurred_on", "id"], name="chronology_request_date_idx"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(precision__in=DatePrecision.values), name="chronology_precision_valid"
            ),
            models.CheckConstraint(condition=~models.Q(source=""), name="chronology_source_required"),
            models.UniqueConstraint(
                fields=["request", "row_key"],
                condition=~models.Q(row_key=""),
                name="chronology_row_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on:%Y-%m-%d} {self.what_happened[:50]}"
