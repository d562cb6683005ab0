"""Real processes for the render fault tests: a prefork worker and a beat on a Redis of the test's
own (tests/redis_server.py), configured only through environment variables, as in production.

The worker runs one pool process (`-c 1`), so the child that renders is the worker's only child;
beat runs apart from it, as it does in production, so that killing the worker leaves the sweep.
"""

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings

from notifications.tests.reliability import database_url
from tests.celery_process import CeleryProcess as Process

POLL = 0.1  # seconds between looks at the database while waiting on a state


def render_env(broker: str, **extra: str) -> dict[str, str]:
    """The environment of the test's worker and beat: the test database and private files, the
    test's own broker, and whatever timing the test shortens (all ordinary settings)."""
    return (
        dict(os.environ)
        | {
            "DATABASE_URL": database_url(),
            "EMAIL_URL": "outbox://",
            "CELERY_BROKER_URL": broker,
            "CRAG_PRIVATE_ROOT": str(settings.CRAG_PRIVATE_ROOT),
            # The deadline sweep has nothing to do in these tests: keep it out of the way.
            "CRAG_SWEEP_SECONDS": "3600",
            "CELERY_BEAT_HEARTBEAT_SECONDS": "3600",
        }
        | extra
    )


def worker(env: dict[str, str], log: Path) -> Process:
    return Process(
        ["worker", "-P", "prefork", "-c", "1", "--without-gossip", "--without-mingle", "-l", "INFO"], env, log
    )


def beat(env: dict[str, str], log: Path) -> Process:
    return Process(["beat", "-s", str(log.with_suffix(".schedule")), "-l", "INFO"], env, log)


def wait_for(what: str, condition: Callable[[], bool], seconds: float, *logs: Process) -> float:
    """Poll until the condition holds; fail with the processes' logs after the deadline. Returns
    the time it took."""
    started = time.monotonic()
    while not condition():
        for process in logs:
            assert process.alive(), f"{what}: a process exited early\n{process.tail()}"
        if time.monotonic() - started > seconds:
            raise AssertionError(f"{what}: not within {seconds:.0f} s\n" + "\n".join(p.tail() for p in logs))
        time.sleep(POLL)
    return time.monotonic() - started


@contextlib.contextmanager
def broker_at(url: str) -> Iterator[None]:
    """Point this process's Celery app (crag.celery.app) at another broker. Celery prefers the
    CELERY_BROKER_URL environment variable to its configuration (celery.app.utils.Settings) and
    keeps pooled connections, so the Django setting alone would not do."""
    from crag.celery import app

    previous, variable = app.conf.broker_url, os.environ.get("CELERY_BROKER_URL")
    _forget_connections()
    app.conf.broker_url = os.environ["CELERY_BROKER_URL"] = url
    try:
        yield
    finally:
        _forget_connections()
        app.conf.broker_url = previous
        if variable is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = variable


def _forget_connections() -> None:
    from kombu import pools

    from crag.celery import app

    pools.reset()  # closes the pooled connections and forgets them (pools are keyed by broker)
    app._pool = None
    app.amqp._producer_pool = None
