"""Reads of users and agencies that depend on who asks."""

from typing import Any, cast

from auditlog.models import LogEntry
from django.db.models import QuerySet

from crag import permissions
from crag.models import Agency, AuditEvent, User


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


def _in_date_range(queryset: QuerySet[Any], field: str, filters: dict[str, Any]) -> QuerySet[Any]:
    if filters.get("date_from"):
        queryset = queryset.filter(**{f"{field}__date__gte": filters["date_from"]})
    if filters.get("date_to"):
        queryset = queryset.filter(**{f"{field}__date__lte": filters["date_to"]})
    return queryset


def audit_change_list(*, user: User, filters: dict[str, Any]) -> QuerySet[LogEntry]:
    """Record changes and access entries for the audit viewer (Partnership admins only)."""
    entries = cast(QuerySet[LogEntry], LogEntry.objects.select_related("actor", "content_type"))
    if not permissions.can_view_audit(user):
        return entries.none()
    if filters.get("user"):
        entries = entries.filter(actor=filters["user"])
    if filters.get("action") is not None:
        entries = entries.filter(action=filters["action"])
    if filters.get("record_type"):
        entries = entries.filter(content_type_id=filters["record_type"])
    if filters.get("record_id"):
        entries = entries.filter(object_pk=filters["record_id"])
    entries = _in_date_range(entries, "timestamp", filters)
    return entries.order_by(
        *(("timestamp", "id") if filters.get("sort") == "oldest" else ("-timestamp", "-id"))
    )


def audit_event_list(*, user: User, filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    """Security events for the audit viewer (Partnership admins only)."""
    if not permissions.can_view_audit(user):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.select_related("actor")
    if filters.get("user"):
        events = events.filter(actor=filters["user"])
    if filters.get("kind"):
        events = events.filter(kind=filters["kind"])
    if filters.get("identifier"):
        events = events.filter(identifier__icontains=filters["identifier"])
    events = _in_date_range(events, "at", filters)
    return events.order_by(*(("at", "id") if filters.get("sort") == "oldest" else ("-at", "-id")))
