"""Small hooks that security libraries call: who a sign-in names, from where, and what a
failure leads to (the lockout count, a word to the account holder)."""

import ipaddress
import logging
from collections.abc import Mapping
from typing import Any

from allauth import app_settings as allauth_settings
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.mfa.models import Authenticator
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from crag.models import User

logger = logging.getLogger(__name__)
# The account holder hears of lockouts of their account at most this often (seconds).
LOCKOUT_NOTICE_INTERVAL = 3600


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


def trusted_client_ip(request: HttpRequest) -> str | None:
    """The client's own address, read through the trusted proxies only (allauth's
    ALLAUTH_TRUSTED_PROXY_COUNT): what the audit trail records. None when the request has none."""
    try:
        return str(ipaddress.ip_address(get_account_adapter().get_client_ip(request)))
    except (PermissionDenied, ValueError):  # allauth's answer to a request without an address
        return None


def client_address(request: HttpRequest) -> str | None:
    """The client's address as allauth's rate limits see it, for django-axes too.

    allauth reads X-Forwarded-For only through the trusted proxies (ALLAUTH_TRUSTED_PROXY_COUNT),
    so a client cannot choose its address. An IPv6 address stands for its /64 (allauth's
    RATE_LIMIT_IPV6_PREFIX): one subscriber usually holds all of one, and could otherwise try
    again from a fresh address of it each time. None when the request has no address (a sign-in
    made in code, as the test client's force_login does), as axes itself would answer.
    """
    exact = trusted_client_ip(request)
    if exact is None:
        return None
    address = ipaddress.ip_address(exact)
    if address.version == 6:
        prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
        return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)
    return str(address)


def tell_account_holder_of_lockout(
    sender: Any, request: HttpRequest | None, username: str | None = None, **kwargs: Any
) -> None:
    """Email the holder of a locked-out account: plain text, no names, no address, no link.

    At most once an hour per account (django-axes signals a lockout again at every refused
    attempt). A mail server that fails does not stop the lockout page: the failure is logged.
    """
    user = User.objects.filter(email__iexact=username or "", is_active=True).first()
    if user is None:
        return
    try:
        first_this_hour = cache.add(f"crag:lockout-notice:{user.pk}", True, LOCKOUT_NOTICE_INTERVAL)
    except Exception:  # a cache away must not silence the notice
        logger.warning("lockout notice: cache unavailable, sending anyway (user %s)", user.pk)
        first_this_hour = True
    if not first_this_hour:
        return
    context = {
        "code_step": request is not None and request.path_info == reverse("mfa_authenticate"),
        "failures": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "when": timezone.localtime(),
    }
    subject = render_to_string("emails/account_locked_subject.txt", context).strip()
    body = render_to_string("emails/account_locked.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except Exception:  # the SMTP server or the outbox; the lockout itself stands
        logger.exception("lockout notice not sent (user %s)", user.pk)
