from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.http import HttpRequest

from crag import permissions
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
    list_display = ("name", "short_name", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "agency")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "agency", "is_active", "is_staff", "groups")


@admin.register(User)
class UserAdmin(PartnershipAdminOnly, DjangoUserAdmin):
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
