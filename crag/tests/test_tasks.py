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


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_runs_the_heartbeat_task():
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "make test provides a real Redis"
    env = os.environ | {"DATABASE_URL": _test_database_url()}
    worker = subprocess.Popen(
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
    try:
        record_heartbeat.delay("worker-test")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not Heartbeat.objects.filter(name="worker-test").exists():
            assert worker.poll() is None, "the worker exited"
            time.sleep(0.2)
        assert Heartbeat.objects.filter(name="worker-test").exists()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
