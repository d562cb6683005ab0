"""Celery tasks of the core app."""

import logging

from celery import shared_task
from django.utils import timezone

from crag.models import Heartbeat

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def record_heartbeat(name: str = "beat") -> None:
    """Record that beat scheduled and a worker ran a task just now (shown to admins)."""
    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})
