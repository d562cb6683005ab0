"""Users, the agencies they belong to, and the worker heartbeat."""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class AgencyKind(models.TextChoices):
    """Agency kinds: the slugs of DESIGN.md section 4 (contract)."""

    POLICE = "police", "Police"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    PUBLIC_HEALTH = "public_health", "Public health"
    LEGAL = "legal", "Legal"
    PROBATION = "probation", "Probation"
    OTHER = "other", "Other"


class PartnerRole(models.TextChoices):
    """The three statutory safeguarding partners (Children Act 2004 s16E; Working Together 2023)."""

    LOCAL_AUTHORITY = "local_authority", "Local authority"
    POLICE = "police", "Police"
    ICB = "icb", "Integrated care board"


class Agency(models.Model):
    """A partner organisation of the Local Safeguarding Children Partnership."""

    Kind = AgencyKind

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    partner_role = models.CharField(
        "statutory partner role",
        max_length=16,
        choices=PartnerRole.choices,
        blank=True,
        help_text="One of the three safeguarding partners, if this agency is one",
    )
    designated = models.BooleanField(
        "designated relevant agency",
        default=False,
        help_text="Named by the partners as a relevant agency (for example a school or academy trust)",
    )

    class Meta:
        ordering = ("name",)
        verbose_name_plural = "agencies"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AgencyKind.values),
                name="agency_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(partner_role__in=[*PartnerRole.values, ""]),
                name="agency_partner_role_valid",
            ),
            models.UniqueConstraint(
                fields=["partner_role"],
                condition=~models.Q(partner_role=""),
                name="one_agency_per_partner_role",
                violation_error_message="Another agency already holds this statutory partner role.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    """Users are identified by their email address; there is no username."""

    use_in_migrations = True

    def _create_user(
        self, email: str, password: str | None, *, exclude: tuple[str, ...] = ("password",), **extra: Any
    ) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.full_clean(exclude=list(exclude))
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra["is_staff"] = True
        extra["is_superuser"] = True
        # A break-glass account made with `createsuperuser` may have no agency yet.
        return self._create_user(email, password, exclude=("password", "agency"), **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in to CRAG with their work email; belongs to one agency."""

    email = models.EmailField("email address", max_length=254, unique=True)
    full_name = models.CharField(max_length=150)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="users", null=True, blank=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "admin site access",
        default=False,
        help_text="Can sign in to the Django admin site (Partnership admins only).",
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        ordering = ("full_name", "email")
        constraints: ClassVar = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def clean(self) -> None:
        super().clean()
        self.email = type(self).objects.normalize_email(self.email).lower()


class Heartbeat(models.Model):
    """The last time a periodic job ran; shows that beat and a worker are alive."""

    name = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.seen_at:%Y-%m-%d %H:%M}"


class AuditEventKind(models.TextChoices):
    LOGIN = "login", "Signed in"
    LOGIN_FAILED = "login_failed", "Sign-in failed"
    LOCKED_OUT = "locked_out", "Locked out after repeated failures"
    LOGOUT = "logout", "Signed out"
    MFA_ADDED = "mfa_added", "Second factor added"
    MFA_REMOVED = "mfa_removed", "Second factor removed"
    MFA_RESET = "mfa_reset", "Recovery codes regenerated"
    MFA_FAILED = "mfa_failed", "Second factor code wrong"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_RESET = "password_reset", "Password reset"
    SESSIONS_ENDED = "sessions_ended", "Sessions ended"
    EXPORT = "export", "Data exported"


class AuditEvent(models.Model):
    """A security event that is not a change to a record: sign-ins, second factor, exports.

    Changes to records and views of a child's identity are django-auditlog entries. Neither is
    ever changed or deleted by the application (NCSC CAF C1: all access logged).
    """

    Kind = AuditEventKind

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    # What a failed sign-in named: it may match no account.
    identifier = models.CharField(max_length=254, blank=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("-at", "-id")
        indexes: ClassVar = [models.Index(fields=["actor", "-at"], name="auditevent_actor_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are never deleted.")
