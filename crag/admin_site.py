"""The Django admin site, open only to Partnership admins (DESIGN.md section 1)."""

from collections.abc import Callable
from functools import update_wrapper
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from crag import permissions

View = TypeVar("View", bound=Callable[..., Any])


class CragAdminSite(admin.AdminSite):
    site_header = "CRAG administration"
    site_title = "CRAG admin"
    index_title = "Partnership administration"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and permissions.can_use_admin_site(user))

    def admin_view(self, view: View, cacheable: bool = False) -> View:
        """Someone signed in who may not use the admin gets the 403 page.

        Django's admin would send them to its sign-in page to sign in as someone else; ours is the
        service's, which sends a signed-in user straight back: an endless round of redirects.
        """
        checked = super().admin_view(view, cacheable)

        def refuse_signed_in_non_admins(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied("not a Partnership admin")
            return checked(request, *args, **kwargs)

        return cast(View, update_wrapper(refuse_signed_in_non_admins, checked))

    def login(self, request: HttpRequest, extra_context: dict[str, object] | None = None) -> HttpResponse:
        """One sign-in page for the whole service (and later its second factor)."""
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied("not a Partnership admin")
        next_url = request.GET.get(REDIRECT_FIELD_NAME, reverse("admin:index"))
        return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")
