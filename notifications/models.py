"""Admin-maintained corrections to the working-day calendar."""

from typing import ClassVar

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
