"""The kill trial: a real Celery worker on the real Redis is killed (SIGKILL to its whole process
group) in the middle of a batch of reminders, another worker is started, and the outbox table
shows whether any reminder was lost or sent twice.

Used by notifications/tests/test_worker_reliability.py (which scripts/kill_trial.py runs N times).
Recovery is what production relies on: Redis gives back the messages a dead worker had not
acknowledged once the visibility timeout has passed (a worker starting after that restores them
at once), and the sweep queues again any reminder still unsent (the database is the truth).
"""

import contextlib
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import redis
from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.test import override_settings

from crag.models import User
from notifications import services
from notifications.models import OutboundEmail, Reminder
from notifications.tasks import send_reminder

ROOT = Path(__file__).resolve().parents[2]
VISIBILITY_TIMEOUT = 5  # seconds, the worker's CELERY_VISIBILITY_TIMEOUT
POLL = 0.01  # seconds between counts of the outbox while waiting to kill
SWEEP_AFTER = 15  # seconds after the kill at which the sweep's safety net queues the unsent again
RECOVERY_TIMEOUT = 60  # seconds after the kill by which every reminder must be sent
SIZES = (60, 200, 600)  # a batch that finished before the kill landed is tried again, larger


@dataclass
class Attempt:
    total: int
    sent_before_kill: int
    in_flight: int  # messages the killed worker held unacknowledged in Redis
    queued: int  # messages still waiting in the Redis queue at the kill
    requeued: int  # reminders the sweep's safety net had to queue again
    lost: int
    duplicated: int
    repeats_refused: int  # second sends refused only by the outbox's unique Message-ID
    seconds: float

    @property
    def mid_batch(self) -> bool:
        return 0 < self.sent_before_kill < self.total


def database_url() -> str:
    """The test database, for the worker subprocess."""
    db = connection.settings_dict
    user, password = quote(db["USER"], safe=""), quote(str(db["PASSWORD"]), safe="")
    return f"postgres://{user}:{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _broker() -> redis.Redis:
    return redis.Redis.from_url(settings.CELERY_BROKER_URL)


def _purge_broker() -> None:
    """Forget what an earlier attempt left in Redis (repeats of messages already handled)."""
    from crag.celery import app

    app.control.purge()
    _broker().delete("unacked", "unacked_index", "unacked_mutex")


class Worker:
    """`celery worker` (prefork, 2 processes) in its own session, so one signal reaches them all."""

    def __init__(self, log: Path, extra_env: dict[str, str] | None = None) -> None:
        env = (
            os.environ
            | {
                "DATABASE_URL": database_url(),
                "EMAIL_URL": "outbox://",
                "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
                "CRAG_PRIVATE_ROOT": str(settings.CRAG_PRIVATE_ROOT),
            }
            | (extra_env or {})
        )
        command = [sys.executable, "-m", "celery", "-A", "crag", "worker", "-P", "prefork", "-c", "2"]
        command += ["--without-gossip", "--without-mingle", "-l", "WARNING"]
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """kill -9 the main process and its pool processes together: nothing gets to clean up."""
        self._signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()

    def _signal(self, sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)


def _make_reminders(recipients: Sequence[User], total: int) -> list[Reminder]:
    first = (Reminder.objects.aggregate(top=Max("subject_id"))["top"] or 0) + 1
    due = date(2030, 1, 15)
    stages = ("recorded", "day_before", "due_day", f"overdue:{due.isoformat()}")
    reminders = [
        Reminder(
            subject_type="incident",
            subject_id=first + i,
            clock="review",
            stage=stages[i % len(stages)],
            recipient=recipients[i % len(recipients)],
            due_on=due,
            title=f"Kill trial reminder {first + i}",
            url=f"/incidents/{first + i}/",
        )
        for i in range(total)
    ]
    return Reminder.objects.bulk_create(reminders)


def _sent(message_ids: Sequence[str]) -> int:
    return OutboundEmail.objects.filter(message_id__in=message_ids).count()


def _all_sent(ids: Sequence[int], message_ids: Sequence[str]) -> bool:
    unsent = Reminder.objects.filter(id__in=ids, sent_at__isnull=True).exists()
    return not unsent and _sent(message_ids) == len(ids)


def run_attempt(recipients: Sequence[User], total: int, log_dir: Path) -> Attempt:
    """One kill: `total` reminders queued, the worker killed mid-batch, a new worker recovers."""
    _purge_broker()
    started = time.monotonic()
    reminders = _make_reminders(recipients, total)
    ids = [r.pk for r in reminders]
    message_ids = [r.message_id for r in reminders]
    # What beat's sweep does: mark them queued, then queue one task each.
    queued_ids = services.reminders_to_queue()
    assert sorted(queued_ids) == sorted(ids), "an earlier reminder was left unsent"
    for pk in queued_ids:
        send_reminder.delay(pk)

    logs = [log_dir / f"worker-{total}-1.log", log_dir / f"worker-{total}-2.log"]
    first = Worker(logs[0])
    target = random.randint(1, total * 3 // 4)
    deadline = time.monotonic() + 60
    try:
        while _sent(message_ids) < target:
            assert first.alive(), f"the first worker exited: {logs[0].read_text()[-2000:]}"
            assert time.monotonic() < deadline, "the first worker sent nothing within 60 s"
            time.sleep(POLL)
        first.kill()
    finally:
        if first.alive():
            first.kill()
    killed_at = time.monotonic()
    sent_before_kill = _sent(message_ids)  # what the killed worker committed (the rest rolled back)
    broker = _broker()
    in_flight = int(broker.hlen("unacked"))
    queued = int(broker.llen("celery"))

    # A worker starting once the visibility timeout has passed restores the dead one's messages.
    time.sleep(max(0.0, killed_at + VISIBILITY_TIMEOUT + 0.3 - time.monotonic()))
    second = Worker(logs[1])
    requeued = 0
    try:
        swept = False
        while not _all_sent(ids, message_ids):
            assert second.alive(), f"the second worker exited: {logs[1].read_text()[-2000:]}"
            now = time.monotonic()
            assert now < killed_at + RECOVERY_TIMEOUT, f"not all sent {RECOVERY_TIMEOUT} s after the kill"
            if not swept and now >= killed_at + SWEEP_AFTER:
                # Beat's safety net, its requeue window shortened: queue again whatever is unsent.
                with override_settings(CRAG_REMINDER_REQUEUE_AFTER=timedelta(0)):
                    again = services.reminders_to_queue()
                for pk in again:
                    send_reminder.delay(pk)
                requeued, swept = len(again), True
            time.sleep(0.05)
        # Let the new worker finish any repeats still queued, so that each is counted.
        drain_by = time.monotonic() + 3
        while (broker.llen("celery") or broker.hlen("unacked")) and time.monotonic() < drain_by:
            time.sleep(0.05)
    finally:
        second.stop()
        _purge_broker()

    rows = Counter(
        OutboundEmail.objects.filter(message_id__in=message_ids).values_list("message_id", flat=True)
    )
    unsent = Reminder.objects.filter(id__in=ids, sent_at__isnull=True).count()
    lost = max(sum(1 for m in message_ids if rows[m] == 0), unsent)
    # Message-ID is unique in the outbox, so a second send shows up as an IntegrityError in a worker.
    duplicated = sum(n - 1 for n in rows.values() if n > 1)
    refused = sum(
        len(re.findall(r"raised unexpected: IntegrityError", log.read_text(errors="replace"))) for log in logs
    )
    return Attempt(
        total=total,
        sent_before_kill=sent_before_kill,
        in_flight=in_flight,
        queued=queued,
        requeued=requeued,
        lost=lost,
        duplicated=duplicated,
        repeats_refused=refused,
        seconds=time.monotonic() - started,
    )


def run_trial(recipients: Sequence[User]) -> Attempt:
    """A kill that landed mid-batch (a batch sent in full before the kill is tried larger)."""
    with tempfile.TemporaryDirectory(prefix="kill-trial-") as tmp:
        for total in SIZES:
            attempt = run_attempt(recipients, total, Path(tmp))
            if attempt.mid_batch or attempt.lost or attempt.duplicated or attempt.repeats_refused:
                return attempt
    return attempt
