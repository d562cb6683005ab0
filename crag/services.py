"""Writes to users and agencies. Every write goes through here (CONVENTIONS.md)."""

from collections.abc import Iterable

from allauth.usersessions.models import UserSession
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest

from crag import audit
from crag.models import Agency, AuditEventKind, User


@transaction.atomic
def agency_ensure(*, name: str, short_name: str, kind: str) -> tuple[Agency, bool]:
    """The agency of that name, created if missing; returns (agency, created)."""
    agency = Agency.objects.filter(name=name).first()
    if agency is not None:
        return agency, False
    agency = Agency(name=name, short_name=short_name, kind=kind)
    agency.full_clean()
    agency.save()
    return agency, True


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str,
    agency: Agency,
    roles: Iterable[str],
    password: str,
    is_staff: bool = False,
) -> User:
    """Create an active user in the given roles (group names that must already exist)."""
    groups = list(Group.objects.filter(name__in=list(roles)))
    missing = set(roles) - {g.name for g in groups}
    if missing:
        raise ValueError(f"Unknown roles: {', '.join(sorted(missing))}")
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, agency=agency, is_staff=is_staff
    )
    user.groups.set(groups)
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str) -> None:
    """Set a new password (validators are the caller's job for demo and admin forms)."""
    user.set_password(password)
    user.save(update_fields=["password"])


@transaction.atomic
def user_end_sessions(*, actor: User | None, user: User, request: HttpRequest | None = None) -> int:
    """End every session of the user on the server (they must sign in again); returns how many."""
    sessions = UserSession.objects.filter(user=user)
    count = 0
    for session in sessions:
        session.end()
        count += 1
    audit.record_event(
        kind=AuditEventKind.SESSIONS_ENDED,
        request=request,
        actor=actor,
        identifier=user.email,
        detail={"user_id": user.pk, "sessions": count},
    )
    return count


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User, request: HttpRequest | None = None) -> None:
    """Stop the user signing in and end their sessions now (ASVS 5.0 V7.4)."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    user_end_sessions(actor=actor, user=user, request=request)
