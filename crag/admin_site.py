"""The Django admin site, open only to Partnership admins (DESIGN.md section 1)."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from crag import permissions


class CragAdminSite(admin.AdminSite):
    site_header = "CRAG administration"
    site_title = "CRAG admin"
    index_title = "Partnership administration"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and permissions.can_use_admin_site(user))

    def login(self, request: HttpRequest, extra_context: dict[str, object] | None = None) -> HttpResponse:
        """One sign-in page for the whole service (and later its second factor)."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME, reverse("admin:index"))
        return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")
