"""The deadline sweep and the sending of reminders (Working Together's clocks, enforced). What is
due comes from the clock registry (reviews.clocks); this module decides who hears and when."""

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from crag.models import User
from notifications.deadlines import actions_at_a_stage
from notifications.models import Reminder
from reviews.clocks import ACTION_DUE, BY_KEY, ClockDefinition, Day, Recipients, Stage, due_stages
from reviews.models import Action

logger = logging.getLogger(__name__)
BATCH = 1000
AGENCY_LEADS = "Agency action lead"


class _Recipients:
    """Who hears about each stage (the clock's recipients, roles named in settings), looked up
    once per sweep. CRAG's clocks go to CRAG_REMINDER_RECIPIENTS; an agency's own deadline (an
    action) to that agency's action leads, and when overdue to the Business Group too."""

    def __init__(self) -> None:
        users = User.objects.filter(is_active=True).prefetch_related("groups")
        self.by_role: dict[str, list[User]] = {}
        self.by_pk: dict[int, User] = {}
        for user in users:
            self.by_pk[user.pk] = user
            for group in user.groups.all():
                self.by_role.setdefault(group.name, []).append(user)

    def for_(
        self, recipients: Recipients, agency_id: int | None, stage: str, *, owner_id: int | None
    ) -> list[User]:
        scoped = recipients.agency_scoped
        found = {
            u.pk: u
            for name in recipients.roles(stage)
            for u in self.by_role.get(name, [])
            if not scoped or name != AGENCY_LEADS or u.agency_id == agency_id
        }
        owner = self.by_pk.get(owner_id) if owner_id is not None else None
        if owner is not None:  # a person's own deadline (a meeting action): they hear of it
            found[owner.pk] = owner
        return list(found.values())


def _reminders_for(day: Day) -> Iterator[Reminder]:
    recipients = _Recipients()
    narrowed = {Action: actions_at_a_stage(day, ACTION_DUE.stages())}
    for found in day.open_clocks(records=narrowed):
        definition, clock = found.definition, found.clock
        every = definition.overdue_every(found.record, day.on)
        stages = due_stages(
            clock, today=day.on, enabled=definition.stages(), overrides=day.overrides, overdue_every=every
        )
        for stage in stages:
            listing = found.listing
            for user in recipients.for_(
                definition.recipients, listing.agency_id, stage, owner_id=listing.owner_id
            ):
                yield Reminder(
                    subject_type=definition.subject,
                    subject_id=found.record.pk,
                    clock=definition.key,
                    stage=stage,
                    recipient=user,
                    due_on=clock.due,
                    title=found.title[:300],
                    url=listing.url,
                )


def _waiting() -> dict[str, dict[int, set[date]]]:
    """The due dates that reminders still waiting (unsent or unread) were made for, by clock and
    record."""
    rows = (
        Reminder.objects.filter(Q(sent_at__isnull=True) | Q(read_at__isnull=True))
        .values_list("clock", "subject_type", "subject_id", "due_on")
        .order_by()  # the model's order would make every row distinct
        .distinct()
    )
    found: dict[str, dict[int, set[date]]] = defaultdict(lambda: defaultdict(set))
    for key, subject_type, subject_id, due_on in rows:
        definition = BY_KEY.get(key)
        if definition is not None and definition.subject == subject_type:
            found[key][subject_id].add(due_on)
    return found


def _withdraw(definition: ClockDefinition, stale: Iterable[tuple[int, date]]) -> int:
    by_due: dict[date, list[int]] = defaultdict(list)
    for subject_id, due_on in stale:
        by_due[due_on].append(subject_id)
    withdrawn = 0
    for due_on, ids in by_due.items():
        withdrawn += (
            Reminder.objects.filter(
                clock=definition.key, subject_type=definition.subject, due_on=due_on, subject_id__in=ids
            )
            .filter(Q(sent_at__isnull=True) | Q(read_at__isnull=True))
            .update(withdrawn_at=timezone.now())
        )
    return withdrawn


def withdraw_stale(day: Day) -> int:
    """Withdraw the waiting reminders whose due date is no longer the clock's (the aware date was
    corrected) or whose clock no longer applies (the kind or the suspicion was corrected): the
    bell and the mail then carry only current dates. A done clock's reminders stay: they were
    right when made."""
    withdrawn = 0
    for key, by_record in _waiting().items():
        definition = BY_KEY[key]
        current = day.current_clocks(definition, by_record)
        stale = [
            (pk, due)
            for pk, dues in by_record.items()
            for due in dues
            if current[pk] is None or current[pk].due != due  # type: ignore[union-attr]
        ]
        if stale:
            withdrawn += _withdraw(definition, stale)
    return withdrawn


@transaction.atomic
def sweep(*, today: date) -> int:
    """Recompute from the database what is due on `today` and record each reminder once.

    Idempotent: the unique key drops a reminder that exists, so two sweeps (or two workers)
    together create each reminder once. Returns how many reminder rows exist unsent.
    """
    day = Day(today)
    withdrawn = withdraw_stale(day)
    if withdrawn:
        logger.info("sweep: %d reminders withdrawn (their due date moved or their clock stopped)", withdrawn)
    batch: list[Reminder] = []
    for reminder in _reminders_for(day):
        batch.append(reminder)
        if len(batch) >= BATCH:
            Reminder.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Reminder.objects.bulk_create(batch, ignore_conflicts=True)
    return Reminder.objects.filter(sent_at__isnull=True).count()


def _release_stale_claims() -> int:
    """Release the claims of workers that died mid-send: claimed longer ago than the sending task
    may run (its hard time limit) and never marked sent. Whether the mail server took the message
    is unknown, so it is sent again, with the same Message-ID."""
    stale = timezone.now() - settings.CRAG_REMINDER_CLAIM_STALE_AFTER
    released = Reminder.objects.filter(sent_at__isnull=True, claimed_at__lt=stale).update(
        claimed_at=None, queued_at=None
    )
    if released:
        logger.warning(
            "sweep: %d reminders claimed by a worker that died mid-send, to be sent again", released
        )
    return released


def reminders_to_queue() -> list[int]:
    """Unsent reminders never queued, or queued long enough ago that the message may be lost, and
    those whose claim went stale; a reminder a worker is sending now is left to it."""
    _release_stale_claims()
    stale = timezone.now() - settings.CRAG_REMINDER_REQUEUE_AFTER
    pending = Reminder.objects.filter(sent_at__isnull=True, claimed_at__isnull=True).filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=stale)
    )
    ids = list(pending.values_list("id", flat=True)[:5000])
    Reminder.objects.filter(id__in=ids).update(queued_at=timezone.now())
    return ids


def _told(reminder: Reminder) -> str:
    """The people this stage of this clock went to, by name: "A, B and C"."""
    names = sorted(
        Reminder.objects.filter(
            subject_type=reminder.subject_type,
            subject_id=reminder.subject_id,
            clock=reminder.clock,
            due_on=reminder.due_on,
            stage=reminder.stage,
        ).values_list("recipient__full_name", flat=True)
    )
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _email(reminder: Reminder) -> EmailMessage:
    """The email of a reminder: plain text (templates/emails/, no HTML escaping)."""
    definition = BY_KEY.get(reminder.clock)
    context = {
        "reminder": reminder,
        "stage": Stage.of(reminder.stage).value,
        "base_url": settings.CRAG_BASE_URL,
        "told": _told(reminder),
        "informational": definition is not None and definition.informational,
    }
    subject = render_to_string("emails/reminder_subject.txt", context).strip()
    body = render_to_string("emails/reminder.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[reminder.recipient.email],
        headers={"Message-ID": reminder.message_id},
    )


def send_reminder(*, reminder_id: int) -> bool:
    """Send one reminder's email, at least once, each time with the same Message-ID.

    Three short transactions, none open while the mail server is talked to: the claim is
    committed first (a second worker, or a redelivered task, then leaves the reminder alone);
    the reminder is marked sent right after the server's reply; a failure before the reply
    releases the claim for the next sweep. A worker that dies between the reply and the mark
    leaves a claim that the sweep resolves by sending again: the only way a reminder is emailed
    twice. A withdrawn reminder is not sent. Returns whether this call sent it.
    """
    claimed_at = timezone.now()
    unsent = Reminder.objects.filter(pk=reminder_id, sent_at__isnull=True)
    if unsent.filter(claimed_at__isnull=True).update(claimed_at=claimed_at) != 1:
        return False
    try:
        reminder = Reminder.objects.select_related("recipient").get(pk=reminder_id)
        _email(reminder).send()
    except Exception:
        # Nothing was accepted as far as we know: the next sweep queues it again (no retry budget
        # to run out, however long the mail server is away).
        Reminder._base_manager.filter(pk=reminder_id, claimed_at=claimed_at, sent_at__isnull=True).update(
            claimed_at=None, queued_at=None
        )
        logger.warning("reminder %s: not sent, released for the next sweep", reminder_id, exc_info=True)
        return False
    # Withdrawn meanwhile or not, the message went: record it.
    Reminder._base_manager.filter(pk=reminder_id, sent_at__isnull=True).update(sent_at=timezone.now())
    return True
