"""Kill what renders the annual report's PDF, and the PDF is still made within two sweep
intervals: the rendering child (its message comes back at once and the render resumes once the
child's heartbeat has gone quiet), and the whole worker (its message would only come back after
Redis's one-hour visibility timeout: beat's render sweep takes the render back instead).

Real processes on a Redis of the test's own; timing shortened only through settings read from
the environment (the sweep interval, the heartbeat and the silence that counts as dead)."""

import os
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from crag import roles
from reviews.annual_report import service as annual_report_service
from reviews.models import AnnualReport, AnnualReportRender, Incident
from reviews.tests.render_trial import Process, beat, broker_at, render_env, wait_for, worker
from tests.redis_server import OwnRedis

State = AnnualReportRender.State
SWEEP_SECONDS = 15
TIMING = {
    "CRAG_RENDER_SWEEP_SECONDS": str(SWEEP_SECONDS),
    "CRAG_RENDER_HEARTBEAT_SECONDS": "0.5",
    "CRAG_RENDER_DEAD_AFTER_SECONDS": "3",
    "CRAG_RENDER_WAIT_SECONDS": str(SWEEP_SECONDS),
}


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


@pytest.fixture
def requested(make_user, themes):
    Incident.objects.create(
        kind="death",
        incident_date=date(2019, 5, 1),
        aware_date=date(2019, 5, 2),
        location="in_area",
        abuse_or_neglect_suspected=True,
        panel_notified_on=date(2019, 5, 3),
    )
    report = AnnualReport.objects.create(year=2019, introduction="Fictional introduction.")

    def request(redis: OwnRedis) -> AnnualReportRender:
        with broker_at(redis.url()):
            return annual_report_service.render_request(actor=make_user(roles.CRAG_CHAIR), report=report)

    return request


def _state(record: AnnualReportRender, state: str) -> bool:
    return AnnualReportRender.objects.filter(pk=record.pk, state=state).exists()


def _done_within_two_sweeps(
    record: AnnualReportRender, killed_at: float, what: str, *processes: Process
) -> None:
    wait_for(
        what,
        lambda: _state(record, State.DONE),
        2 * SWEEP_SECONDS - (time.monotonic() - killed_at),
        *processes,
    )
    _say(f"{what}: PDF made {time.monotonic() - killed_at:.1f} s after the kill")
    record.refresh_from_db()
    assert record.file.read(4) == b"%PDF"
    assert Path(record.file.path).exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_killing_the_rendering_child_still_ends_in_a_pdf_within_two_sweep_intervals(requested, tmp_path):
    with OwnRedis() as redis:
        record = requested(redis)
        env = render_env(redis.url(), **TIMING)
        first = worker(env, tmp_path / "worker.log")
        sweeper = beat(env, tmp_path / "beat.log")
        try:
            wait_for("the render started", lambda: _state(record, State.RENDERING), 120, first, sweeper)
            [child] = first.children()
            os.kill(child, 9)
            killed_at = time.monotonic()
            _done_within_two_sweeps(record, killed_at, "rendering child killed", first, sweeper)
            record.refresh_from_db()
            assert record.attempts == 2
        finally:
            first.stop()
            sweeper.stop()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_killing_the_whole_worker_still_ends_in_a_pdf_within_two_sweep_intervals(requested, tmp_path):
    with OwnRedis() as redis:
        record = requested(redis)
        env = render_env(redis.url(), **TIMING)
        first = worker(env, tmp_path / "worker-1.log")
        sweeper = beat(env, tmp_path / "beat.log")
        second = None
        try:
            wait_for("the render started", lambda: _state(record, State.RENDERING), 120, first, sweeper)
            first.kill()
            killed_at = time.monotonic()
            second = worker(env, tmp_path / "worker-2.log")
            _done_within_two_sweeps(record, killed_at, "whole worker killed", second, sweeper)
        finally:
            for process in (first, second, sweeper):
                if process is not None:
                    process.stop()
