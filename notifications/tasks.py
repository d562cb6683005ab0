"""Celery tasks that enforce the clocks. They take ids and call one service; exactly-once (the
bell) and at-least-once with a stable Message-ID (email) are the database's job
(notifications/services.py)."""

import logging

from celery import shared_task
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from crag.models import Heartbeat
from notifications import invitations, services

logger = logging.getLogger(__name__)

SWEEP_HEARTBEAT = "sweep"
# The PostgreSQL advisory lock the sweep holds for its transaction: any fixed 64-bit number all
# CRAG processes agree on (the first 8 bytes of sha256("notifications.tasks.sweep_deadlines")).
SWEEP_LOCK_KEY = 0x7EE4_3AF9_EAC8_2E10


def _sweep_lock_taken() -> bool:
    """Take the sweep's lock for the current transaction; False when another sweep holds it.
    SQLite (the demo) runs one process and serialises writes itself: no lock to take."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [SWEEP_LOCK_KEY])
        row = cursor.fetchone()
    return bool(row and row[0])


@shared_task(ignore_result=True)
def sweep_deadlines() -> int:
    """Beat's periodic sweep: record what is due, then queue the sending of what is unsent.

    One transaction holding an advisory lock: a second sweep started meanwhile (a second beat,
    a task redelivered) skips instead of sweeping, and the sweep's heartbeat (its age is in
    /healthz and /metrics) is written only when a sweep completed. Returns how many reminders it
    queued, or -1 when it skipped.
    """
    ids = sweep_once()
    if ids is None:
        return -1
    for pk in ids:
        send_reminder.delay(pk)
    logger.info("sweep: %d reminders queued", len(ids))
    queue_invitations()
    return len(ids)


def queue_invitations() -> int:
    """Hand the mail worker every meeting invitation behind its meeting (issue 19): the members
    are the record of the work, so an invitation lost with a worker is queued again."""
    ids = invitations.invitations_to_queue(today=timezone.localdate())
    for pk in ids:
        send_invitation.apply_async((pk,), queue="mail")
    if ids:
        logger.info("sweep: %d meeting invitations queued", len(ids))
    return len(ids)


def sweep_once() -> list[int] | None:
    """One sweep, committed: the ids of the reminders to send, or None when another sweep holds
    the lock (then nothing was done). Beat's task and `manage.py check_deadlines` both sweep
    through here, so neither can sweep beside the other or forget the heartbeat."""
    with transaction.atomic():
        if not _sweep_lock_taken():
            logger.info("sweep: skipped, another sweep is running")
            return None
        services.sweep(today=timezone.localdate())
        ids = services.reminders_to_queue()
        Heartbeat.objects.update_or_create(name=SWEEP_HEARTBEAT, defaults={"seen_at": timezone.now()})
    return ids


# Routed to the "mail" queue (CELERY_TASK_ROUTES) and its own worker. No Celery retries: a send
# that fails releases its claim and the next sweep queues it again, every CRAG_SWEEP_SECONDS for
# as long as the mail server is away, so there is no retry budget to run out and no second
# schedule beside the database's; a retry held in a worker's memory would also die with it.
# The limits outlast one full SMTP timeout (RFC 5321's ten minutes for the reply to the data).
@shared_task(
    ignore_result=True,
    soft_time_limit=settings.CRAG_MAIL_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CRAG_MAIL_TASK_TIME_LIMIT,
)
def send_reminder(reminder_id: int) -> None:
    """Send one reminder's email (one already sent, being sent, withdrawn or gone is skipped)."""
    if not services.send_reminder(reminder_id=reminder_id):
        logger.info("reminder %s: not sent now (sent, being sent, withdrawn, gone or failed)", reminder_id)


@shared_task(
    ignore_result=True,
    soft_time_limit=settings.CRAG_MAIL_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CRAG_MAIL_TASK_TIME_LIMIT,
)
def send_invitation(member_id: int) -> None:
    """Send one meeting invitation (or cancellation) on the "mail" queue, like a reminder."""
    if not invitations.send_invitation(member_id=member_id):
        logger.info("meeting invitation %s: not sent now (up to date, being sent or failed)", member_id)
