from typing import Any, cast

from allauth.account import admin as account_admin  # noqa: F401  (registers first, then we unregister)
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from allauth.usersessions.admin import UserSessionAdmin
from allauth.usersessions.models import UserSession
from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from crag import audit, permissions, services
from crag.models import Agency, Heartbeat, User


class PartnershipAdminOnly:
    """Admin pages of this model are for Partnership admins (DESIGN.md section 1), by role."""

    def _allowed(self, request: HttpRequest) -> bool:
        return bool(permissions.can_use_admin_site(request.user))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._allowed(request)


@admin.register(Agency)
class AgencyAdmin(PartnershipAdminOnly, admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "partner_role", "designated")
    list_filter = ("kind", "partner_role", "designated")
    search_fields = ("name", "short_name")


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "agency")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "agency", "is_active", "is_staff", "groups")


SELF_LOCKED_FIELDS = ("is_active", "is_staff", "is_superuser", "groups")


@admin.register(User)
class UserAdmin(PartnershipAdminOnly, DjangoUserAdmin):
    actions = ("end_sessions",)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Audit entries point at users for ever: deactivate instead of deleting.
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fixed = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            # Separation of duties: nobody grants themselves a role (the CRAG chair's sign-off
            # among them) or takes away their own access; another Partnership admin does it.
            return (*fixed, *SELF_LOCKED_FIELDS)
        return fixed

    @admin.action(description="End all sessions of the selected users")
    def end_sessions(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor = cast(User, request.user)
        total = sum(services.user_end_sessions(actor=actor, user=user, request=request) for user in queryset)
        self.message_user(request, f"Ended {total} sessions of {queryset.count()} users.", messages.SUCCESS)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            services.user_deactivate(actor=cast(User, request.user), user=obj, request=request)

    form = UserEditForm
    add_form = UserCreationForm
    ordering = ("full_name", "email")
    list_display = ("email", "full_name", "agency", "is_active", "last_login")
    list_filter = ("is_active", "groups", "agency")
    list_select_related = ("agency",)
    search_fields = ("email", "full_name")
    filter_horizontal = ("groups",)
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "agency")}),
        ("Access", {"fields": ("is_active", "is_staff", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "agency", "usable_password", "password1", "password2"),
            },
        ),
    )


@admin.register(Heartbeat)
class HeartbeatAdmin(PartnershipAdminOnly, admin.ModelAdmin):
    list_display = ("name", "seen_at")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(PartnershipAdminOnly, GroupAdmin):
    """Roles are contract names used across CRAG: they are read here, assigned on each user."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReadOnlyForPartnershipAdmin(PartnershipAdminOnly):
    """Third-party records that Partnership admins read (and may delete where that is the remedy)."""

    allow_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.allow_delete and self._allowed(request)


def _reregister(model: type[Any], base: type[admin.ModelAdmin], *, allow_delete: bool = False) -> None:
    """Put a library's admin for `model` behind the Partnership admin role."""
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin_class = type(
        f"Crag{base.__name__}", (ReadOnlyForPartnershipAdmin, base), {"allow_delete": allow_delete}
    )
    admin.site.register(model, admin_class)


# The audit trail is never changed or deleted through the application.
admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditEntryAdmin(ReadOnlyForPartnershipAdmin, LogEntryAdmin):
    # auditlog searches its user's first and last names, which CRAG's user has not (a 500), and
    # the recorded values, where a search would find a child by identity without a recorded view.
    search_fields = ("object_repr", "actor__email", "actor__full_name", "cid")

    @admin.display(description="Changes")
    def msg(self, obj: LogEntry) -> str:
        # Related records by name and a child's identity withheld, as in CRAG's audit viewer.
        lines = audit.ChangeLines([obj]).lines(obj)
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines)) or "No changes recorded"


# Deleting a lost authenticator lets its owner set up a new one (they must still sign in).
_reregister(Authenticator, AuthenticatorAdmin, allow_delete=True)
# Deleting an access attempt unlocks the account before the lockout ends.
_reregister(AccessAttempt, AccessAttemptAdmin, allow_delete=True)
_reregister(AccessLog, AccessLogAdmin)
_reregister(AccessFailureLog, AccessFailureLogAdmin)
_reregister(UserSession, UserSessionAdmin)
# Email addresses are set by Partnership admins on the user, not managed separately.
admin.site.unregister(EmailAddress)
