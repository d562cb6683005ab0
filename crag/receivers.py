"""Signal receivers that feed the audit trail from Django, allauth and django-axes.

Connected in CragConfig.ready(). They only record; they decide nothing. Two more hooks from
crag.security are connected here too: a wrong authenticator code counts toward the sign-in
lockout, and a lockout is told to the account holder.
"""

import time
from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.account.signals import password_changed, password_reset
from allauth.mfa import signals as mfa_signals
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from crag.audit import record_event
from crag.middleware import AUTHENTICATED_AT
from crag.models import AuditEventKind, User
from crag.security import attempted_username, count_code_failure, tell_account_holder_of_lockout


def on_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[AUTHENTICATED_AT] = time.time()
    record_event(kind=AuditEventKind.LOGIN, request=request, actor=user)


def on_logout(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record_event(kind=AuditEventKind.LOGOUT, request=request, actor=user)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    record_event(
        kind=AuditEventKind.LOGIN_FAILED,
        request=request,
        identifier=attempted_username(request, credentials),  # type: ignore[arg-type]
    )


def on_locked_out(
    sender: Any, request: HttpRequest | None, username: str | None = None, **kwargs: Any
) -> None:
    record_event(kind=AuditEventKind.LOCKED_OUT, request=request, identifier=(username or "").lower())


def on_mfa_added(sender: Any, request: HttpRequest, user: User, authenticator: Any, **kwargs: Any) -> None:
    record_event(
        kind=AuditEventKind.MFA_ADDED, request=request, actor=user, detail={"type": authenticator.type}
    )
    if authenticator.type == "totp":
        # Setting up the app required a valid code a moment ago: this session has passed the
        # second factor, and may see its new recovery codes without a third prompt.
        record_authentication(request, user, "mfa", id=authenticator.pk, type="totp", reauthenticated=True)


def on_mfa_removed(sender: Any, request: HttpRequest, user: User, authenticator: Any, **kwargs: Any) -> None:
    record_event(
        kind=AuditEventKind.MFA_REMOVED, request=request, actor=user, detail={"type": authenticator.type}
    )


def on_mfa_reset(sender: Any, request: HttpRequest, user: User, authenticator: Any, **kwargs: Any) -> None:
    record_event(
        kind=AuditEventKind.MFA_RESET, request=request, actor=user, detail={"type": authenticator.type}
    )


def on_mfa_failed(
    sender: Any, request: HttpRequest, user: User, authenticator: Any = None, **kwargs: Any
) -> None:
    record_event(kind=AuditEventKind.MFA_FAILED, request=request, actor=user)


def on_password_changed(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record_event(kind=AuditEventKind.PASSWORD_CHANGED, request=request, actor=user)


def on_password_reset(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record_event(kind=AuditEventKind.PASSWORD_RESET, request=request, actor=user)


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="crag_audit_login")
    user_logged_out.connect(on_logout, dispatch_uid="crag_audit_logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="crag_audit_login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="crag_audit_locked_out")
    user_locked_out.connect(tell_account_holder_of_lockout, dispatch_uid="crag_lockout_notice")
    mfa_signals.authenticator_added.connect(on_mfa_added, dispatch_uid="crag_audit_mfa_added")
    mfa_signals.authenticator_removed.connect(on_mfa_removed, dispatch_uid="crag_audit_mfa_removed")
    mfa_signals.authenticator_reset.connect(on_mfa_reset, dispatch_uid="crag_audit_mfa_reset")
    mfa_signals.authentication_failed.connect(on_mfa_failed, dispatch_uid="crag_audit_mfa_failed")
    mfa_signals.authentication_failed.connect(count_code_failure, dispatch_uid="crag_lockout_code_failed")
    password_changed.connect(on_password_changed, dispatch_uid="crag_audit_password_changed")
    password_reset.connect(on_password_reset, dispatch_uid="crag_audit_password_reset")
