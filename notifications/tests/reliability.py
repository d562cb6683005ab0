"""The kill trial: real `celery worker`s on the real Redis send a batch of reminders to a real SMTP
server (aiosmtpd, on a loopback port) that counts what it accepts by Message-ID; a worker is
killed (SIGKILL to its whole process group) twice in each attempt:

1. at the adversarial moment: the SMTP server itself kills the worker when the client sends QUIT
   after the server's 250 to the data of the Nth message, so the mail was accepted and the
   worker can never record that it was sent;
2. at a random moment, from outside, while the next worker works through the rest.

A third worker and the sweep (run here as beat would run it) then recover everything. The trial
counts lost reminders (never accepted by the server, or never marked sent), duplicates (Message-IDs
accepted more than once) and which claims each kill cut off, and measures the time to recover
and the window between the server's reply and the commit that marks a reminder sent.

Used by notifications/tests/test_worker_reliability.py (scripts/kill_trial.py runs it N times).
"""

import asyncio
import contextlib
import logging
import os
import random
import signal
import socket
import statistics
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from email import message_from_bytes
from pathlib import Path
from typing import Any
from urllib.parse import quote

import redis
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.test import override_settings

from crag.models import User
from notifications import services, tasks
from notifications.models import Reminder
from tests.celery_process import CeleryProcess

POLL = 0.01  # seconds between looks at the SMTP server's count while waiting to kill


@dataclass(frozen=True)
class Timing:
    """How long recovery waits: shortened for the suite, or production's own settings."""

    name: str
    visibility_timeout: int | None  # the workers' CELERY_VISIBILITY_TIMEOUT (None: the setting's)
    requeue_after: timedelta  # CRAG_REMINDER_REQUEUE_AFTER
    claim_stale_after: timedelta  # CRAG_REMINDER_CLAIM_STALE_AFTER
    sweep_every: float  # CRAG_SWEEP_SECONDS: how often beat runs the sweep
    total: int  # reminders in one attempt
    recovery_timeout: float  # seconds after the last kill by which all must be sent


SHORT = Timing("short", 5, timedelta(seconds=4), timedelta(seconds=4), 1.0, 120, 90)


def production() -> Timing:
    return Timing(
        "production",
        None,
        settings.CRAG_REMINDER_REQUEUE_AFTER,
        settings.CRAG_REMINDER_CLAIM_STALE_AFTER,
        float(settings.CRAG_SWEEP_SECONDS),
        200,
        3600,
    )


class Sink:
    """An SMTP server on a free loopback port that records each accepted message's Message-ID
    and the moment it replied 250, and can kill a worker when it sends QUIT after the Nth."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.accepted: list[tuple[str, float]] = []
        self.kill_after: int | None = None  # kill at the QUIT that follows this many acceptances
        self.victim: int | None = None  # the process group to kill
        self.killed_at: float | None = None
        self.gate = threading.Event()  # cleared: the server takes the data but does not answer
        self.gate.set()
        self.held = 0  # messages whose data waits for the gate
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every connection

    def count(self) -> int:
        with self.lock:
            return len(self.accepted)

    def arm(self, victim: int, after: int) -> None:
        with self.lock:
            self.victim, self.kill_after, self.killed_at = victim, after, None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message_id = str(message_from_bytes(envelope.content)["Message-ID"])
        if not self.gate.is_set():
            with self.lock:
                self.held += 1
            while not self.gate.is_set():
                await asyncio.sleep(POLL)
        with self.lock:
            self.accepted.append((message_id, time.time()))
            session.crag_accepted = len(self.accepted)
        return "250 OK: queued"

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            seen = getattr(session, "crag_accepted", 0)
            if self.victim is not None and self.kill_after is not None and seen >= self.kill_after:
                # The client read our 250 (it has sent QUIT): it cannot have committed yet.
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.victim, signal.SIGKILL)
                self.killed_at, self.victim, self.kill_after = time.time(), None, None
        return "221 Bye"


@contextlib.contextmanager
def smtp_sink() -> Iterator[Sink]:
    sink = Sink()
    sink.controller.start()
    try:
        yield sink
    finally:
        sink.controller.stop()


def database_url() -> str:
    """The test database, for the worker subprocess."""
    db = connection.settings_dict
    user, password = quote(db["USER"], safe=""), quote(str(db["PASSWORD"]), safe="")
    return f"postgres://{user}:{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _purge_broker() -> None:
    """Forget what an earlier attempt left in Redis (repeats of messages already handled)."""
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete("mail", "celery", "unacked", "unacked_index", "unacked_mutex")


class Worker(CeleryProcess):
    """A worker of one queue (the mail worker by default; prefork, 2 processes, as in production)."""

    def __init__(self, log: Path, sink: Sink, timing: Timing, queue: str = "mail") -> None:
        env = os.environ | {
            "DATABASE_URL": database_url(),
            "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
            "CRAG_PRIVATE_ROOT": str(settings.CRAG_PRIVATE_ROOT),
        }
        if timing.visibility_timeout is not None:
            env["CELERY_VISIBILITY_TIMEOUT"] = str(timing.visibility_timeout)
        args = ["worker", "-Q", queue, "-P", "prefork", "-c", "2", "-n", f"trial-{log.stem}@%h"]
        super().__init__([*args, "--without-gossip", "--without-mingle", "-l", "WARNING"], env, log)


@dataclass
class Kill:
    how: str  # "after the reply" or "random"
    at: float  # wall-clock time
    in_flight: set[int]  # reminders claimed and not marked sent when the worker died
    unsent: set[int]  # reminders not marked sent when the worker died


@dataclass
class Attempt:
    timing: str
    total: int
    kills: list[Kill] = field(default_factory=list)
    lost: int = 0
    duplicated: set[int] = field(default_factory=set)
    unexplained: set[int] = field(default_factory=set)  # duplicates no kill's window accounts for
    recovered: list[float] = field(default_factory=list)  # seconds from each kill to all its unsent sent
    windows_ms: list[float] = field(default_factory=list)  # server's 250 to the commit, per message
    seconds: float = 0.0

    def accepted_in_flight(self, kill: Kill) -> set[int]:
        """The kill's cut-off claims that the server had accepted: the duplicates it causes."""
        return kill.in_flight & self.duplicated


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


class Beat:
    """Runs the sweep every `sweep_every` seconds, as beat does, with the timing's re-queue and
    stale-claim periods."""

    def __init__(self, timing: Timing) -> None:
        self.timing, self.last = timing, 0.0

    def tick(self) -> None:
        if time.monotonic() - self.last < self.timing.sweep_every:
            return
        self.last = time.monotonic()
        with override_settings(
            CRAG_REMINDER_REQUEUE_AFTER=self.timing.requeue_after,
            CRAG_REMINDER_CLAIM_STALE_AFTER=self.timing.claim_stale_after,
        ):
            # The queueing half of the sweep task (stale claims released, the unsent queued); its
            # first half records reminders from the clocks, of which this database has none.
            for pk in services.reminders_to_queue():
                tasks.send_reminder.delay(pk)

    def until(self, done: Callable[[], bool], limit: float, what: str, worker: Worker) -> None:
        deadline = time.monotonic() + limit
        while not done():
            assert time.monotonic() < deadline, (
                f"{what} within {limit:.0f} s; {worker.log.read_text()[-2000:]}"
            )
            self.tick()
            time.sleep(POLL)


def _kill_record(how: str, at: float, ids: Sequence[int], earlier: Sequence[Kill]) -> Kill:
    """What the kill cut off: the claims of the killed worker (not those an earlier kill left)."""
    rows = Reminder.objects.filter(id__in=ids, sent_at__isnull=True).values_list("id", "claimed_at")
    left = set().union(*(k.in_flight for k in earlier))
    claims = {pk for pk, claimed in rows if claimed is not None} - left
    return Kill(how, at, claims, {pk for pk, _ in rows})


def _all_sent(ids: Sequence[int], message_ids: set[str], sink: Sink) -> bool:
    if Reminder.objects.filter(id__in=ids, sent_at__isnull=True).exists():
        return False
    with sink.lock:
        return message_ids <= {m for m, _ in sink.accepted}


def run_attempt(recipients: Sequence[User], timing: Timing, sink: Sink, log_dir: Path) -> Attempt:
    """One attempt: a kill after the server's reply, a random kill, recovery, and the counts."""
    _purge_broker()
    started = time.monotonic()
    reminders = _make_reminders(recipients, timing.total)
    ids = [r.pk for r in reminders]
    by_message_id = {r.message_id: r.pk for r in reminders}
    beat = Beat(timing)
    beat.tick()  # queues them all
    attempt = Attempt(timing.name, timing.total)
    base = sink.count()

    first = Worker(log_dir / f"{ids[0]}-1.log", sink, timing)
    sink.arm(first.process.pid, after=base + timing.total // 4)
    beat.until(lambda: not first.alive(), 60, "the SMTP server killed no worker", first)
    assert sink.killed_at is not None, f"the first worker exited by itself: {first.log.read_text()[-2000:]}"
    attempt.kills.append(_kill_record("after the reply", sink.killed_at, ids, attempt.kills))

    second = Worker(log_dir / f"{ids[0]}-2.log", sink, timing)
    target = sink.count() + random.randint(1, max(1, (timing.total - (sink.count() - base)) // 2))
    try:
        beat.until(lambda: sink.count() >= target, 60, "the second worker did not reach its kill", second)
    finally:
        second.kill()
    attempt.kills.append(_kill_record("random", time.time(), ids, attempt.kills))

    third = Worker(log_dir / f"{ids[0]}-3.log", sink, timing)
    message_ids = set(by_message_id)
    try:
        beat.until(lambda: _all_sent(ids, message_ids, sink), timing.recovery_timeout, "not all sent", third)
    finally:
        third.stop()
        _purge_broker()
    _count(attempt, ids, by_message_id, sink)
    attempt.seconds = time.monotonic() - started
    return attempt


def _count(attempt: Attempt, ids: Sequence[int], by_message_id: dict[str, int], sink: Sink) -> None:
    with sink.lock:
        accepted = [(by_message_id[m], at) for m, at in sink.accepted if m in by_message_id]
    copies = Counter(pk for pk, _ in accepted)
    sent_at = {
        pk: at.timestamp() if at else None
        for pk, at in Reminder.objects.filter(id__in=ids).values_list("id", "sent_at")
    }
    attempt.lost = sum(1 for pk in ids if copies[pk] == 0 or sent_at[pk] is None)
    sent = {pk: at for pk, at in sent_at.items() if at is not None}  # all of them, unless some were lost
    attempt.duplicated = {pk for pk, n in copies.items() if n > 1}
    attempt.unexplained = attempt.duplicated - set().union(*(k.in_flight for k in attempt.kills))
    for kill in attempt.kills:
        if kill.unsent:
            attempt.recovered.append(max(sent.get(pk, float("inf")) for pk in kill.unsent) - kill.at)
    first_copy: dict[int, float] = {}
    for pk, at in accepted:
        first_copy.setdefault(pk, at)
    attempt.windows_ms = [
        (sent[pk] - at) * 1000 for pk, at in first_copy.items() if copies[pk] == 1 and pk in sent
    ]


def describe(attempt: Attempt) -> str:
    kills = "; ".join(
        f"kill {k.how}: {len(k.in_flight)} in flight, {len(attempt.accepted_in_flight(k))} of them "
        f"already accepted by the server"
        for k in attempt.kills
    )
    windows = sorted(attempt.windows_ms)
    window = (
        f"reply-to-commit window median {statistics.median(windows):.1f} ms, "
        f"p99 {windows[int(len(windows) * 0.99) - 1]:.1f} ms, max {windows[-1]:.1f} ms"
        if windows
        else "no window measured"
    )
    recovered = ", ".join(f"{s:.1f} s" for s in attempt.recovered)
    return (
        f"{attempt.total} reminders ({attempt.timing} timing); {kills}; lost {attempt.lost}, "
        f"duplicated {len(attempt.duplicated)} (outside a kill's window: {len(attempt.unexplained)}); "
        f"recovered after each kill in {recovered}; {window}; {attempt.seconds:.1f} s"
    )


def run_trials(
    recipients: Sequence[User], timing: Timing, trials: int, say: Callable[[str], None]
) -> list[Attempt]:
    attempts = []
    with smtp_sink() as sink, tempfile.TemporaryDirectory(prefix="kill-trial-") as tmp:
        for i in range(1, trials + 1):
            attempts.append(run_attempt(recipients, timing, sink, Path(tmp)))
            say(f"trial {i}: {describe(attempts[-1])}")
    return attempts
