"""Calendar overrides, and the reminders that enforce the clocks (in-app and by email)."""

from typing import ClassVar

from django.conf import settings
from django.db import models


class CalendarOverrideKind(models.TextChoices):
    """What an override says about its date."""

    HOLIDAY = "holiday", "Not a working day (extra holiday)"
    WORKING_DAY = "working_day", "A working day (e.g. a bank holiday moved)"


class CalendarOverride(models.Model):
    """One date an admin marked as a holiday or a working day (DESIGN.md section 2).

    New bank holidays are proclaimed faster than the `holidays` package is released.
    """

    Kind = CalendarOverrideKind

    date = models.DateField(unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("date",)
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(kind__in=CalendarOverrideKind.values),
                name="calendar_override_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_kind_display()}"


class CurrentReminders(models.Manager["Reminder"]):
    """Reminders still current: a withdrawn one (its due date moved, or its clock stopped
    applying) is kept for the record but neither shown in the bell nor sent."""

    def get_queryset(self) -> models.QuerySet["Reminder"]:
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Reminder(models.Model):
    """One message about one clock, for one due date, at one stage, to one person: in the bell and
    by email.

    The unique key (subject, clock, due date, stage, recipient) makes every reminder exist once
    however many sweeps or workers run, and a moved due date gets reminders of its own. Its email
    is claimed (`claimed_at`, committed) before the mail server is contacted and marked sent
    (`sent_at`) right after the server's reply; a claim never marked sent is resolved by the sweep.
    """

    subject_type = models.CharField(max_length=32)
    subject_id = models.PositiveBigIntegerField()
    clock = models.CharField(max_length=40)
    stage = models.CharField(max_length=40, help_text="recorded, day_before, due_day or overdue:<date>")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    due_on = models.DateField()
    title = models.CharField(max_length=300, help_text="Pseudonymised: never a child's identity")
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(
        null=True, blank=True, help_text="A worker took its email and is talking to the mail server"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="Its due date moved or its clock stopped applying"
    )

    objects = CurrentReminders()

    class Meta:
        ordering = ("-created_at", "-id")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "clock", "due_on", "stage", "recipient"],
                name="reminder_once_per_due_date",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["recipient", "read_at"], name="reminder_unread_idx"),
            models.Index(
                fields=["queued_at"], name="reminder_unsent_idx", condition=models.Q(sent_at__isnull=True)
            ),
            # The sweep's check of the reminders still waiting (unsent or unread) against their clocks.
            models.Index(
                fields=["clock", "subject_id", "due_on"],
                name="reminder_waiting_idx",
                condition=models.Q(withdrawn_at__isnull=True)
                & (models.Q(sent_at__isnull=True) | models.Q(read_at__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def message_id(self) -> str:
        """The same Message-ID however often it is sent, so a mail server can drop repeats."""
        return f"<reminder-{self.pk}-{self.stage.replace(':', '-')}@crag>"  # pk: one due date


class OutboundEmail(models.Model):
    """The outbox of the database email backend (demo and tests): one row per message, unique by
    Message-ID, written in the same transaction that marks the reminder sent."""

    message_id = models.CharField(max_length=200, unique=True)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.subject


class CalendarFeed(models.Model):
    """A user's secret calendar-feed address; regenerating it makes the old one stop working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
