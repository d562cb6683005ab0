"""Writes to users and agencies. Every write goes through here (CONVENTIONS.md)."""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction

from crag.models import Agency, User


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
