"""What notifications tells the operator: the deadline sweep's age for /healthz (a check
registered in NotificationsConfig.ready) and, for /metrics (crag.metrics), the open clocks, the
reminders, the sweep's age and the annual report's render durations, read at scrape time with a
few cheap queries. Counts and durations only: nothing names a person or a child."""

from collections import Counter
from collections.abc import Iterator
from datetime import datetime

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily, Metric, SummaryMetricFamily
from prometheus_client.registry import Collector

from crag.models import Heartbeat
from notifications.deadlines import actions_with_open_clocks
from notifications.models import Reminder
from notifications.tasks import SWEEP_HEARTBEAT
from reviews import clocks
from reviews.models import AnnualReportRender

RENDERS_MEASURED = 50  # the render summary covers the latest this many finished renders

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


def _open_clocks(today: datetime) -> Counter[tuple[str, str]]:
    """Open clocks by (clock, state): the few computed ones read through the clock registry,
    the many actions counted in SQL (their due date is a column)."""
    day = clocks.Day(today.date())
    found: Counter[tuple[str, str]] = Counter()
    few = tuple(d for d in clocks.REGISTRY if d is not clocks.ACTION_DUE)
    for open_clock in day.open_clocks(few):
        found[open_clock.definition.key, open_clock.state.value] += 1
    on = day.on
    actions = actions_with_open_clocks(on).aggregate(
        due=Count("id", filter=Q(due_on__gt=on)),
        due_today=Count("id", filter=Q(due_on=on)),
        overdue=Count("id", filter=Q(due_on__lt=on)),
    )
    for state, count in actions.items():
        found[clocks.ACTION_DUE.key, state] += count
    return found


def _reminders(now: datetime) -> dict[str, int]:
    """Current (not withdrawn) reminders: sent, failed (unsent although made longer ago than a
    lost message is queued again: a send failed or the mail worker is away) and waiting."""
    stale = now - settings.CRAG_REMINDER_REQUEUE_AFTER
    unsent = Q(sent_at__isnull=True)
    return Reminder.objects.aggregate(
        sent=Count("id", filter=Q(sent_at__isnull=False)),
        failed=Count("id", filter=unsent & Q(created_at__lt=stale)),
        waiting=Count("id", filter=unsent & Q(created_at__gte=stale)),
    )


class NotificationsCollector(Collector):
    """CRAG's metrics about its clocks, reminders, sweep and renders (see docs/operations.md)."""

    def collect(self) -> Iterator[Metric]:
        now = timezone.localtime()
        open_clocks = GaugeMetricFamily(
            "crag_open_clocks", "Open statutory and local clocks by state", labels=["clock", "state"]
        )
        for (clock, state), count in sorted(_open_clocks(now).items()):
            open_clocks.add_metric([clock, state], count)
        yield open_clocks

        reminders = GaugeMetricFamily("crag_reminders", "Current reminders by state", labels=["state"])
        for state, count in _reminders(now).items():
            reminders.add_metric([state], count)
        yield reminders

        age = sweep_age_seconds(now)
        if age is not None:  # never swept: absent, which an alert on absent() catches
            yield GaugeMetricFamily(
                "crag_sweep_age_seconds", "Seconds since the last completed deadline sweep", value=age
            )
        yield from _renders()


def _renders() -> Iterator[Metric]:
    by_state = AnnualReportRender.objects.values_list("state").annotate(n=Count("id")).order_by()
    renders = GaugeMetricFamily(
        "crag_annual_report_renders", "Annual report renders by state", labels=["state"]
    )
    for state, count in by_state:
        renders.add_metric([state], count)
    yield renders
    took = list(
        AnnualReportRender.objects.filter(
            state=AnnualReportRender.State.DONE, started_at__isnull=False, finished_at__isnull=False
        )
        .annotate(took=F("finished_at") - F("started_at"))
        .order_by("-finished_at")
        .values_list("took", flat=True)[:RENDERS_MEASURED]
    )
    seconds = [duration.total_seconds() for duration in took]
    yield SummaryMetricFamily(
        "crag_annual_report_render_seconds",
        f"Render time of the latest {RENDERS_MEASURED} finished annual report PDFs",
        count_value=len(seconds),
        sum_value=sum(seconds),
    )
    if seconds:
        yield GaugeMetricFamily(
            "crag_annual_report_render_last_seconds",
            "Render time of the latest finished PDF",
            value=seconds[0],
        )
