from typing import ClassVar

from django.db import models

from reviews.choices import Gender, PlanStatus
from reviews.models.restricted import CragWorkQuerySet


class Child(models.Model):
    """A child in one or more incidents and reviews. The identity fields are restricted: only
    Partnership admins, the CRAG chair and CRAG members see them; everyone else sees the pseudonym."""

    ref = models.CharField(max_length=64, unique=True, null=True, blank=True, help_text="Import reference")
    pseudonym = models.CharField(max_length=60, unique=True, help_text='For example, "Child M"')
    # Identity (restricted).
    legal_name = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True)
    case_summary = models.TextField(blank=True)
    # Characteristics (the national statistics' categories).
    gender = models.CharField(max_length=16, choices=Gender.choices, default=Gender.NOT_KNOWN)
    ethnicity = models.CharField(max_length=100, blank=True)
    disability = models.CharField(max_length=200, blank=True)
    looked_after = models.BooleanField(default=False)
    child_protection_plan = models.CharField(
        max_length=16, choices=PlanStatus.choices, default=PlanStatus.UNKNOWN
    )
    child_in_need_plan = models.CharField(
        max_length=16, choices=PlanStatus.choices, default=PlanStatus.UNKNOWN
    )
    deceased = models.BooleanField(default=False)
    date_of_death = models.DateField(null=True, blank=True)

    IDENTITY_FIELDS: ClassVar[tuple[str, ...]] = ("legal_name", "date_of_birth", "address", "case_summary")

    objects = CragWorkQuerySet.as_manager()  # .restrict(user, action): the rows a user may see

    class Meta:
        ordering = ("pseudonym",)
        verbose_name_plural = "children"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(date_of_death__isnull=True) | models.Q(deceased=True),
                name="child_date_of_death_only_if_deceased",
                violation_error_message="A date of death needs the child to be recorded as deceased.",
            ),
            models.CheckConstraint(
                condition=models.Q(date_of_death__isnull=True)
                | models.Q(date_of_birth__isnull=True)
                | models.Q(date_of_death__gte=models.F("date_of_birth")),
                name="child_death_after_birth",
                violation_error_message="The date of death cannot be before the date of birth.",
            ),
            models.CheckConstraint(condition=models.Q(gender__in=Gender.values), name="child_gender_valid"),
        ]

    def __str__(self) -> str:
        return self.pseudonym
