"""/healthz reports the deadline sweep's age and answers 503 when no sweep has completed within
three intervals (3 x CRAG_SWEEP_SECONDS): beat dead, reminders stopped, and now it shows."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from crag import health
from crag.models import Heartbeat
from notifications import metrics, tasks

INTERVAL = 300


@pytest.fixture
def only_the_sweep_check(monkeypatch, settings):
    settings.CRAG_SWEEP_SECONDS = INTERVAL
    monkeypatch.setattr(health, "_checks", {"sweep": metrics.sweep_health})
    monkeypatch.setattr(tasks.send_reminder, "delay", lambda pk: None)


def sweep_status(client) -> tuple[int, dict]:
    response = client.get("/healthz")
    body = response.json()
    assert (body["database"], body["broker"]) == ("ok", "ok")
    return response.status_code, body["sweep"]


def test_the_sweep_check_is_registered_by_notifications():
    assert "sweep" in health.registered_names()


@pytest.mark.django_db
def test_a_stopped_sweep_turns_healthz_to_503_within_three_intervals(client, only_the_sweep_check):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(4):  # beat sweeping every interval: healthy throughout
            tasks.sweep_deadlines()
            assert sweep_status(client) == (200, {"ok": True, "age_seconds": 0, "limit_seconds": 900})
            clock.shift(timedelta(seconds=INTERVAL))
            assert sweep_status(client)[0] == 200

        # Beat stops: the last sweep completed one interval ago.
        clock.shift(timedelta(seconds=2 * INTERVAL))
        assert sweep_status(client) == (200, {"ok": True, "age_seconds": 900, "limit_seconds": 900})
        clock.shift(timedelta(seconds=1))
        status, sweep = sweep_status(client)
        assert status == 503
        assert sweep == {"ok": False, "age_seconds": 901, "limit_seconds": 900}

        tasks.sweep_deadlines()  # beat is back
        assert sweep_status(client)[0] == 200


@pytest.mark.django_db
def test_a_sweep_that_never_completed_is_503_three_intervals_after_start(
    client, only_the_sweep_check, monkeypatch
):
    assert not Heartbeat.objects.filter(name=tasks.SWEEP_HEARTBEAT).exists()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        monkeypatch.setattr(metrics, "_STARTED_AT", timezone.now())
        assert sweep_status(client) == (200, {"ok": True, "age_seconds": None, "limit_seconds": 900})
        clock.shift(timedelta(seconds=3 * INTERVAL + 1))
        assert sweep_status(client) == (503, {"ok": False, "age_seconds": None, "limit_seconds": 900})


@pytest.mark.django_db
def test_a_failed_sweep_records_no_completion(only_the_sweep_check, monkeypatch):
    from notifications import services

    def broken(*, today):
        raise RuntimeError("database trouble")

    monkeypatch.setattr(services, "sweep", broken)
    with pytest.raises(RuntimeError):
        tasks.sweep_deadlines()
    assert not Heartbeat.objects.filter(name=tasks.SWEEP_HEARTBEAT).exists()
