"""The heartbeat task, eagerly and through a real worker on the real Redis broker."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from crag.models import Heartbeat
from crag.tasks import record_heartbeat

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_record_heartbeat_updates_one_row_per_name():
    record_heartbeat()
    first = Heartbeat.objects.get(name="beat").seen_at
    record_heartbeat()
    assert Heartbeat.objects.filter(name="beat").count() == 1
    assert Heartbeat.objects.get(name="beat").seen_at >= first


def test_beat_schedule_expires_each_entry_before_its_next_run():
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["options"]["expires"] < entry["schedule"], name


def test_celery_is_configured_for_reliable_delivery():
    from crag.celery import app

    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.accept_content == ["json"]
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit


def _test_database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "crag",
            "worker",
            "-P",
            "threads",
            "-c",
            "1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
    )


def _wait_for_heartbeat(name: str, worker: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if Heartbeat.objects.filter(name=name).exists():
            return True
        assert worker.poll() is None, "the worker exited"
        time.sleep(0.2)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_runs_the_heartbeat_task():
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "make test provides a real Redis"
    worker = _start_worker(os.environ | {"DATABASE_URL": _test_database_url()})
    try:
        record_heartbeat.delay("worker-test")
        assert _wait_for_heartbeat("worker-test", worker)
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_demo_broker_on_a_sqlite_file_delivers_to_a_real_worker(tmp_path):
    """make run's embedded broker: kombu's SQLAlchemy transport on a SQLite file."""
    env = os.environ | {
        "DATABASE_URL": _test_database_url(),
        "CELERY_BROKER_URL": f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}",
    }
    send = "from crag.tasks import record_heartbeat; record_heartbeat.delay('demo-broker')"
    subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {send}"],
        cwd=ROOT,
        env=env | {"DJANGO_SETTINGS_MODULE": "crag.settings"},
        check=True,
        timeout=60,
    )
    worker = _start_worker(env)
    try:
        assert _wait_for_heartbeat("demo-broker", worker)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
