"""Celery tasks that enforce the clocks. They take ids and call one service; exactly-once (the
bell) and at-least-once with a stable Message-ID (email) are the database's job
(notifications/services.py)."""

import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notifications import services

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def sweep_deadlines() -> int:
    """Beat's periodic sweep: record what is due, then queue the sending of what is unsent."""
    services.sweep(today=timezone.localdate())
    ids = services.reminders_to_queue()
    transaction.on_commit(lambda: [send_reminder.delay(pk) for pk in ids])
    logger.info("sweep: %d reminders queued", len(ids))
    return len(ids)


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
