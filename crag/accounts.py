"""django-allauth hooks: accounts are made by Partnership admins, never by sign-up; the code step
at sign-in respects the lockout."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.utils import is_mfa_enabled
from axes.handlers.proxy import AxesProxyHandler
from django.http import HttpRequest

from crag.security import lockout_credentials


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
        return bool(super().is_reauthentication_required(app=app, **kwargs))


class MFAAuthenticateForm(AuthenticateForm):
    """allauth's code step at sign-in, refused while the account is locked out by django-axes.

    Without this a code would be checked even during a lockout that wrong codes caused: the
    password step is where axes looks, and it has already been passed.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].error_messages["required"] = "Enter the code from your authenticator app"

    def clean_code(self) -> str:
        request = context.request
        credentials = lockout_credentials(self.user)
        if not AxesProxyHandler.is_allowed(request, credentials):
            # AxesMiddleware answers with the lockout page instead of this form.
            request.axes_locked_out = True
            request.axes_credentials = credentials
            raise get_account_adapter().validation_error("too_many_login_attempts")
        return str(super().clean_code())
