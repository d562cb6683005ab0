"""Small hooks that security libraries call."""

from collections.abc import Mapping

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
