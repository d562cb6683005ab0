"""Small hooks that security libraries call."""

from collections.abc import Mapping
from typing import Any

from allauth.mfa.models import Authenticator
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest


def attempted_username(request: HttpRequest, credentials: Mapping[str, object] | None) -> str:
    """The account a sign-in attempt names, normalised, so lockout counts per account.

    allauth passes the address as `email`; the form field is `login`. Case is folded so that
    `Member@x` and `member@x` share one count, whether or not the account exists.
    """
    value = None
    if credentials:
        value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login")
    return str(value or "").strip().lower()


def lockout_credentials(user: AbstractBaseUser) -> dict[str, str]:
    """What django-axes is told about the second sign-in step: the account, as the first step names it."""
    return {"email": str(getattr(user, "email", ""))}


def count_code_failure(
    sender: Any,
    request: HttpRequest,
    user: AbstractBaseUser,
    authenticator: Authenticator | None = None,
    reauthentication: bool = False,
    **kwargs: Any,
) -> None:
    """A wrong authenticator or recovery code at sign-in is a failed sign-in for django-axes.

    It goes into the same count as wrong passwords (so someone holding a stolen password cannot
    try codes without limit), and the tenth failure answers with the lockout page (AxesMiddleware).
    Asking a signed-in user again (reauthentication) is not a sign-in, and is limited by allauth.
    """
    if reauthentication or request is None:
        return
    AxesProxyHandler.user_login_failed(sender=sender, credentials=lockout_credentials(user), request=request)
