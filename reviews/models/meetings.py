"""CRAG's meetings (issue 19): invitations and attendance with the quorum of the three statutory
partners, an agenda drafted from what is due, minutes with decisions written on the records they
decide, actions agreed with owners and due dates, approval at the next meeting (then read-only,
with amendments beside them), and the papers rendered by the worker."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models

from crag.models import Agency
from reviews.choices import AgendaItemKind, Attendance, MeetingDecisionKind, MeetingStatus
from reviews.models.rapid_reviews import RapidReview
from reviews.models.referrals import Referral
from reviews.models.restricted import MeetingQuerySet
from reviews.models.reviews import Review
from reviews.storage import PrivateStorage


class Meeting(models.Model):
    """A meeting of the subgroup. `uid` and `sequence` are its iCalendar identity: moving the
    meeting raises the sequence, so calendars update the invitation they hold (RFC 5545)."""

    title = models.CharField(max_length=200, default="CRAG meeting")
    held_on = models.DateField("date")
    starts_at = models.TimeField("start time")
    ends_at = models.TimeField("end time", null=True, blank=True)
    place = models.CharField(max_length=200, blank=True, help_text="A room, or leave blank for online only")
    link = models.URLField("online meeting link", blank=True)
    status = models.CharField(max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Minutes: approved at a later meeting, then read-only (amendments beside them).
    minutes_approved_on = models.DateField(null=True, blank=True)
    minutes_approved_at = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="approved_minutes"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()  # .restrict(user, action): the rows a user may see

    class Meta:
        ordering = ("-held_on", "-starts_at", "-id")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(status__in=MeetingStatus.values), name="meeting_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message="The meeting must end after it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.held_on:%d %B %Y}"

    @property
    def minutes_approved(self) -> bool:
        return self.minutes_approved_on is not None


class MeetingMember(models.Model):
    """A person invited to a meeting, whether they came, and the invitation they were last sent."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attendance = models.CharField(max_length=12, choices=Attendance.choices, default=Attendance.INVITED)
    # The meeting's sequence last sent to them (-1: never): the sweep sends while it is behind.
    invitation_sequence = models.IntegerField(default=-1, editable=False)
    invitation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ("user__full_name", "id")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "user"], name="meeting_member_once"),
            models.CheckConstraint(
                condition=models.Q(attendance__in=Attendance.values), name="meeting_attendance_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_attendance_display().lower()})"


class AgendaItem(models.Model):
    """One item of a meeting's agenda, about one record where it has one, with its minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=24, choices=AgendaItemKind.choices)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True, help_text="For the papers: references and pseudonyms only")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    rapid_review = models.ForeignKey(
        RapidReview, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review = models.ForeignKey(Review, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    drafted = models.BooleanField(default=False, help_text="Drafted from what was due (not added by hand)")
    discussion = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ("meeting", "number", "id")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=AgendaItemKind.values), name="agenda_item_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class MeetingDecision(models.Model):
    """A decision minuted under an agenda item. Where it decides a record, it is also written on
    that record (the Rapid Review's decision, a review's move, a referral's screening), and the
    record links back here: its history shows where the decision was taken."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=24, choices=MeetingDecisionKind.choices)
    text = models.TextField()
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    rapid_review = models.ForeignKey(
        RapidReview, on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_decisions"
    )
    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_decisions"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("recorded_at", "id")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(kind__in=MeetingDecisionKind.values), name="meeting_decision_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class MeetingAction(models.Model):
    """An action agreed at a meeting: an owner and a due date (the `meeting_action_due` clock)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    description = models.TextField()
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ("due_on", "id")
        indexes: ClassVar = [
            models.Index(
                fields=["due_on"], name="meeting_action_open_idx", condition=models.Q(done_on__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]


class MinutesAmendment(models.Model):
    """A correction recorded beside approved minutes (never in place of them)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="amendments")
    text = models.TextField(help_text="The correction")
    reason = models.TextField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("made_at", "id")

    def __str__(self) -> str:
        return f"Amendment of {self.made_at:%Y-%m-%d}"


class MeetingPapers(models.Model):
    """The meeting's papers as one PDF, made by the worker (agenda and each item's summary;
    children by pseudonym only). The row is the record of the work, like an annual report's render."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    inputs_sha256 = models.CharField(max_length=64)
    file = models.FileField(storage=PrivateStorage(), upload_to="meeting-papers/", max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-requested_at", "-id")
        verbose_name_plural = "meeting papers"

    def __str__(self) -> str:
        return f"Papers for {self.meeting} ({self.get_state_display().lower()})"
