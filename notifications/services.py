"""The deadline sweep and the sending of reminders (Working Together's clocks, enforced)."""

import logging
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from crag.models import User
from notifications import rules
from notifications.deadlines import actions_at_a_stage, open_deadlines
from notifications.models import Reminder
from notifications.overrides import current_overrides

logger = logging.getLogger(__name__)
BATCH = 1000


class _Recipients:
    """Who hears about each stage (settings), looked up once per sweep.

    CRAG's clocks go to the roles of CRAG_REMINDER_RECIPIENTS; an agency's own deadline (an
    action) goes to that agency's action leads, and when overdue to the Business Group too
    (CRAG_ACTION_REMINDER_RECIPIENTS).
    """

    def __init__(self) -> None:
        users = User.objects.filter(is_active=True).prefetch_related("groups")
        self.by_role: dict[str, list[User]] = {}
        for user in users:
            for group in user.groups.all():
                self.by_role.setdefault(group.name, []).append(user)

    def _in(self, role_names: list[str], agency_id: int | None = None) -> list[User]:
        found = {
            u.pk: u
            for name in role_names
            for u in self.by_role.get(name, [])
            if agency_id is None or name != "Agency action lead" or u.agency_id == agency_id
        }
        return list(found.values())

    def for_(self, deadline_agency: int | None, stage: str) -> list[User]:
        if deadline_agency is None:
            return self._in(settings.CRAG_REMINDER_RECIPIENTS.get(stage, []))
        return self._in(settings.CRAG_ACTION_REMINDER_RECIPIENTS.get(stage, []), deadline_agency)


def _reminders_for(today: date) -> Iterable[Reminder]:
    overrides = current_overrides()
    enabled = frozenset(settings.CRAG_REMINDER_STAGES)
    by_clock = {key: frozenset(stages) & enabled for key, stages in settings.CRAG_CLOCK_STAGES.items()}
    recipients = _Recipients()
    actions = actions_at_a_stage(today, overrides, by_clock.get("action_due", enabled))
    for deadline in open_deadlines(overrides, today=today, actions=actions):
        stages = by_clock.get(deadline.clock.key, enabled)
        for stage in rules.due_stages(deadline.clock, today=today, enabled=stages, overrides=overrides):
            for user in recipients.for_(deadline.agency_id, rules.Stage.of(stage).value):
                yield Reminder(
                    subject_type=deadline.subject_type,
                    subject_id=deadline.subject_id,
                    clock=deadline.clock.key,
                    stage=stage,
                    recipient=user,
                    due_on=deadline.clock.due,
                    title=deadline.title[:300],
                    url=deadline.url,
                )


@transaction.atomic
def sweep(*, today: date) -> int:
    """Recompute from the database what is due on `today` and record each reminder once.

    Idempotent: the unique key drops a reminder that exists, so two sweeps (or two workers)
    together create each reminder once. Returns how many reminder rows exist unsent.
    """
    batch: list[Reminder] = []
    for reminder in _reminders_for(today):
        batch.append(reminder)
        if len(batch) >= BATCH:
            Reminder.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Reminder.objects.bulk_create(batch, ignore_conflicts=True)
    return Reminder.objects.filter(sent_at__isnull=True).count()


def reminders_to_queue() -> list[int]:
    """Unsent reminders never queued, or queued long enough ago that the message may be lost."""
    stale = timezone.now() - settings.CRAG_REMINDER_REQUEUE_AFTER
    pending = Reminder.objects.filter(sent_at__isnull=True).filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=stale)
    )
    ids = list(pending.values_list("id", flat=True)[:5000])
    Reminder.objects.filter(id__in=ids).update(queued_at=timezone.now())
    return ids


def _email(reminder: Reminder) -> EmailMessage:
    context = {
        "reminder": reminder,
        "stage": rules.Stage.of(reminder.stage).value,
        "base_url": settings.CRAG_BASE_URL,
    }
    subject = render_to_string("emails/reminder_subject.txt", context).strip()
    body = render_to_string("emails/reminder.txt", context)
    return EmailMessage(
        subject=subject, body=body, to=[reminder.recipient.email], headers={"Message-ID": reminder.message_id}
    )


@transaction.atomic
def send_reminder(*, reminder_id: int) -> bool:
    """Send one reminder's email at most once: the row is claimed with a conditional update in
    the same transaction as the sending. A crash before commit leaves it unsent for a retry; the
    Message-ID is the same every time, so a mail server drops a repeat."""
    claimed = Reminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(sent_at=timezone.now())
    if claimed != 1:
        return False
    reminder = Reminder.objects.select_related("recipient").get(pk=reminder_id)
    _email(reminder).send()
    return True
