"""django-allauth adapter: accounts are made by Partnership admins, never by sign-up."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """No public sign-up for a system holding special category data."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        # Someone who has just signed in with their password and has no second factor yet is
        # sent straight to set one up: asking for the password again there helps nobody.
        # Changing or removing a second factor that exists still asks for it.
        user = getattr(context.request, "user", None)
        if app == "allauth.mfa" and user is not None and user.is_authenticated and not is_mfa_enabled(user):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)
