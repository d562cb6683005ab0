"""Reads of users and agencies that depend on who asks."""

from django.db.models import QuerySet

from crag import permissions
from crag.models import Agency, User


def user_list(*, user: User) -> QuerySet[User]:
    """People the user may see: everyone for admins and the chair, else their own agency's staff."""
    users = User.objects.select_related("agency").prefetch_related("groups")
    if permissions.can_view_all_agencies_users(user):
        return users
    if user.agency_id is None:
        return users.none()
    return users.filter(agency_id=user.agency_id)


def agency_list(*, user: User) -> QuerySet[Agency]:
    """Agencies are reference data every signed-in user may see."""
    if not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.all()


def role_names(*, user: User) -> list[str]:
    """The user's CRAG roles (group names), in a stable order."""
    return sorted(g.name for g in user.groups.all())
