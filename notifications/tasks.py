"""Celery tasks that enforce the clocks. They take ids, call one service, and retry only
transient errors; exactly-once is the database's job (notifications/services.py)."""

import logging

from celery import shared_task
from django.db import OperationalError, transaction
from django.utils import timezone

from notifications import services

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, ConnectionError, TimeoutError, OSError)


@shared_task(ignore_result=True)
def sweep_deadlines() -> int:
    """Beat's periodic sweep: record what is due, then queue the sending of what is unsent."""
    services.sweep(today=timezone.localdate())
    ids = services.reminders_to_queue()
    transaction.on_commit(lambda: [send_reminder.delay(pk) for pk in ids])
    logger.info("sweep: %d reminders queued", len(ids))
    return len(ids)


@shared_task(
    ignore_result=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def send_reminder(reminder_id: int) -> None:
    """Send one reminder's email (a reminder already sent, or gone, is skipped)."""
    if not services.send_reminder(reminder_id=reminder_id):
        logger.info("reminder %s: already sent or gone", reminder_id)
