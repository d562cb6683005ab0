"""What notifications tells the operator: the deadline sweep's age for /healthz (a check
registered in NotificationsConfig.ready) and, for /metrics, the reminders and open clocks."""

from datetime import datetime

from django.conf import settings
from django.utils import timezone

from crag.models import Heartbeat
from notifications.tasks import SWEEP_HEARTBEAT

# A process that has never seen a completed sweep counts from when it started: a fresh install
# (or a fresh test database) has its first three intervals to sweep before /healthz says so.
_STARTED_AT = timezone.now()


def last_sweep_completed_at() -> datetime | None:
    return Heartbeat.objects.filter(name=SWEEP_HEARTBEAT).values_list("seen_at", flat=True).first()


def sweep_age_seconds(now: datetime | None = None) -> float | None:
    """Seconds since the last completed sweep; None when no sweep has ever completed."""
    completed = last_sweep_completed_at()
    if completed is None:
        return None
    return max(0.0, ((now or timezone.now()) - completed).total_seconds())


def sweep_health() -> dict[str, object]:
    """/healthz's "sweep": not ok when no sweep has completed within three intervals
    (3 x CRAG_SWEEP_SECONDS): beat or the worker has stopped and reminders with it."""
    now = timezone.now()
    limit = 3 * settings.CRAG_SWEEP_SECONDS
    age = sweep_age_seconds(now)
    if age is None:
        waited = (now - _STARTED_AT).total_seconds()
        return {"ok": waited <= limit, "age_seconds": None, "limit_seconds": limit}
    return {"ok": age <= limit, "age_seconds": round(age), "limit_seconds": limit}
