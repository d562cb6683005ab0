"""The bell's reminders marked read: the user says they have seen them, and the audit trail keeps
who and when (CONVENTIONS.md, Audit)."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from crag import audit_entries
from crag.models import User
from notifications.models import Reminder


@transaction.atomic
def reminders_mark_read(*, user: User, reminders: QuerySet[Reminder]) -> int:
    """Mark read those of the user's reminders among these that are unread, with an audit entry
    each; one already read is left as it was (marking it again records nothing). Locked first,
    so two clicks at once mark and record each reminder once."""
    unread = list(reminders.filter(recipient=user, read_at__isnull=True).select_for_update())
    if not unread:
        return 0
    now = timezone.now()
    Reminder.objects.filter(pk__in=[r.pk for r in unread]).update(read_at=now)
    return audit_entries.record_update(unread, read_at=now)
