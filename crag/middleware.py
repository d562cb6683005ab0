"""Request id, session lifetime, MFA enforcement and no-store caching for signed-in pages."""

import re
import time
import uuid
from collections.abc import Callable

import auditlog.middleware
from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers

from crag.logging import request_id_var, user_id_var

Handler = Callable[[HttpRequest], HttpResponse]

_VALID_INBOUND_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
AUTHENTICATED_AT = "crag_authenticated_at"
TOUCHED_AT = "crag_touched_at"


def current_request_id() -> str | None:
    """The id of the request being served (audit entries carry it as their correlation id)."""
    return request_id_var.get()


class RequestIdMiddleware:
    """Give every request an id and echo it; the audit trail carries it.

    A well-formed X-Request-ID is kept only when a trusted proxy is configured (CRAG_PROXY_COUNT),
    which sets it; otherwise the header came from the client, who must not choose what the
    audit trail says.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        inbound = request.headers.get("X-Request-ID", "") if settings.CRAG_PROXY_COUNT > 0 else ""
        request_id = inbound if _VALID_INBOUND_ID.fullmatch(inbound) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        request.request_id = request_id  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class LogContextMiddleware:
    """Put the signed-in user's id (only the id) on the request's log lines. Placed after
    SessionLifetimeMiddleware, which has already loaded the user: no query of its own."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        request.log_user_id = user_id  # type: ignore[attr-defined]  # for lines logged after the middleware
        token = user_id_var.set(user_id)
        try:
            return self.get_response(request)
        finally:
            user_id_var.reset(token)


class HealthCheckMiddleware:
    """Answer /healthz ahead of the session, the user and everything else that reads the
    database: while the database is down a probe gets the health check's 503, not a 500 from
    loading the session its cookie names. Placed right after RequestIdMiddleware."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from crag import views  # at call time: the views import the models

        if request.path_info == reverse("healthz"):
            return views.healthz(request)
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """End a session 12 hours (CRAG_SESSION_ABSOLUTE_HOURS) after sign-in, however active.

    The idle limit is the session cookie age, renewed by activity (at most once a minute).
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(AUTHENTICATED_AT)
            limit = settings.CRAG_SESSION_ABSOLUTE_HOURS * 3600
            now = time.time()
            if started is None:
                request.session[AUTHENTICATED_AT] = now
            elif now - float(started) > limit:
                logout(request)
                messages.info(request, "Your session has ended. Sign in again to continue.")
                return redirect(settings.LOGIN_URL)
            # Activity moves the idle deadline on: saving the session renews its expiry. At most
            # once a minute, so that reading a page does not write to the database every time.
            if now - float(request.session.get(TOUCHED_AT, 0)) >= settings.CRAG_SESSION_TOUCH_SECONDS:
                request.session[TOUCHED_AT] = now
                # The user's list of sessions (to see and end them), with when each was last seen:
                # allauth's tracking, at the same once-a-minute pace instead of every request.
                if request.session.session_key:
                    UserSession.objects.create_from_request(request)
        return self.get_response(request)


# Pages a signed-in user may reach before completing the second factor.
MFA_EXEMPT_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_login",
        "account_reauthenticate",
        "mfa_activate_totp",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "healthz",
    }
)


def _url_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


def session_passed_second_factor(request: HttpRequest) -> bool:
    """True when this session's sign-in included a second factor (allauth records each step)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


class RequireMFAMiddleware:
    """With CRAG_REQUIRE_MFA, a signed-in user reaches nothing but the MFA steps until verified.

    Without an authenticator the user is sent to set one up; with one, a session that did not
    pass it (a password-only session) is ended.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not settings.CRAG_REQUIRE_MFA or not user.is_authenticated:
            return self.get_response(request)
        if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return self.get_response(request)
        if _url_name(request) in MFA_EXEMPT_URL_NAMES:
            return self.get_response(request)
        if not is_mfa_enabled(user):
            messages.info(request, "Set up two-factor authentication to continue.")
            return redirect("mfa_activate_totp")
        if not session_passed_second_factor(request):
            logout(request)
            return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class NoStoreWhenSignedInMiddleware:
    """No browser or proxy may keep a copy of a page served to a signed-in user."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] += ", private"
        return response


class AuditlogMiddleware(auditlog.middleware.AuditlogMiddleware):
    """auditlog's middleware, recording the client's address as the trusted proxies report it:
    auditlog's own takes X-Forwarded-For's first value from anybody, so a client could write any
    address into the audit trail."""

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        from crag.security import trusted_client_ip  # allauth's adapter, loaded once apps are ready

        return trusted_client_ip(request)

    @staticmethod
    def _get_remote_port(request: HttpRequest) -> int | None:
        return None  # X-Forwarded-Port would be the client's word too
