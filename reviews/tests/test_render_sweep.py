"""The render sweep and the claim, against a real Redis of the test's own: the database says which
PDFs are due, the broker only carries the nudge. A render never handed over, waiting too long or
abandoned by a silent worker is nudged again; one the worker is alive on is left alone; one that
stopped its worker too often fails with a reason; a redelivered render whose holder died resumes."""

import json
import time
from datetime import timedelta

import pytest
import redis
from django.utils import timezone

from reviews import tasks
from reviews.annual_report import service as annual_report_service
from reviews.annual_report import statistics as annual_report
from reviews.models import AnnualReport, AnnualReportRender
from reviews.tests.render_trial import broker_at
from tests.redis_server import OwnRedis

State = AnnualReportRender.State


@pytest.fixture
def own_broker():
    with OwnRedis() as server, broker_at(server.url()):
        yield server


@pytest.fixture
def report(db):
    return AnnualReport.objects.create(year=2019, introduction="Fictional introduction.")


def _render(report: AnnualReport, **fields: object) -> AnnualReportRender:
    stats = annual_report.statistics(report.year)
    inputs = annual_report_service.inputs_of(report, annual_report_service.numbers_of(report.year))
    record = AnnualReportRender.objects.create(
        report=report, inputs_sha256=inputs, statistics=json.loads(json.dumps(stats, default=str))
    )
    AnnualReportRender.objects.filter(pk=record.pk).update(**fields)
    record.refresh_from_db()
    return record


def _nudges(server: OwnRedis) -> int:
    return int(redis.Redis(port=server.port).llen("celery"))


def test_the_sweep_nudges_what_was_never_handed_over_or_waited_too_long(report, own_broker, settings):
    settings.CRAG_RENDER_WAIT_SECONDS = 60
    long_ago = timezone.now() - timedelta(minutes=5)
    never = _render(report, queued_at=None)
    waited = _render(report, requested_at=long_ago, queued_at=long_ago)
    fresh = _render(report, queued_at=timezone.now())
    assert tasks.sweep_renders() == 2
    assert _nudges(own_broker) == 2
    for record in (never, waited, fresh):
        record.refresh_from_db()
    assert never.queued_at is not None
    assert waited.queued_at is not None
    assert waited.queued_at > long_ago
    assert tasks.sweep_renders() == 0  # nothing is due again until it has waited again


def test_the_sweep_takes_back_a_render_whose_worker_fell_silent(report, own_broker, settings):
    settings.CRAG_RENDER_DEAD_AFTER_SECONDS = 30
    now = timezone.now()
    silent = _render(
        report, state=State.RENDERING, attempts=1, started_at=now, heartbeat_at=now - timedelta(minutes=1)
    )
    alive = _render(report, state=State.RENDERING, attempts=1, started_at=now, heartbeat_at=now)
    assert tasks.sweep_renders() == 1
    silent.refresh_from_db()
    alive.refresh_from_db()
    assert (silent.state, alive.state, _nudges(own_broker)) == (State.QUEUED, State.RENDERING, 1)


def test_a_render_that_stopped_its_worker_too_often_fails_with_a_reason(report, own_broker, settings):
    settings.CRAG_RENDER_MAX_ATTEMPTS = 3
    long_ago = timezone.now() - timedelta(minutes=10)
    poison = _render(report, state=State.RENDERING, attempts=3, started_at=long_ago, heartbeat_at=long_ago)
    assert tasks.sweep_renders() == 0
    poison.refresh_from_db()
    assert poison.state == State.FAILED
    assert "stopped 3 times" in poison.error
    assert _nudges(own_broker) == 0


def test_the_sweep_with_the_broker_down_leaves_the_render_waiting_and_does_not_hang(report, own_broker):
    own_broker.stop()
    never = _render(report, queued_at=None)
    started = time.monotonic()
    assert tasks.sweep_renders() == 0
    assert time.monotonic() - started < 10
    never.refresh_from_db()
    assert (never.state, never.queued_at) == (State.QUEUED, None)


@pytest.mark.django_db(transaction=True)
def test_a_redelivered_render_resumes_once_its_holder_has_fallen_silent(themes, settings):
    """The child rendering it was killed: its message comes back while the row still says
    "rendering" with a recent heartbeat. The task waits for the heartbeat to go stale, then
    takes the render over, instead of acknowledging it as taken."""
    settings.CRAG_RENDER_HEARTBEAT_SECONDS = 0.2
    settings.CRAG_RENDER_DEAD_AFTER_SECONDS = 1.5
    report = AnnualReport.objects.create(year=2019, introduction="Fictional introduction.")
    now = timezone.now()
    record = _render(report, state=State.RENDERING, attempts=1, started_at=now, heartbeat_at=now)
    started = time.monotonic()
    assert annual_report_service.render(record.pk) is True
    record.refresh_from_db()
    assert (record.state, record.attempts) == (State.DONE, 2)
    assert record.file.read(4) == b"%PDF"
    assert time.monotonic() - started >= 1.5  # it did not take over a live render


@pytest.mark.django_db(transaction=True)
def test_a_second_nudge_of_a_render_in_progress_leaves_it_to_its_holder(settings):
    settings.CRAG_RENDER_HEARTBEAT_SECONDS = 0.2
    settings.CRAG_RENDER_DEAD_AFTER_SECONDS = 5
    report = AnnualReport.objects.create(year=2019)
    record = _render(report, state=State.RENDERING, attempts=1, started_at=timezone.now())
    # The holder is alive: its heartbeat moves while the second nudge looks.
    from threading import Event, Thread

    stop = Event()

    def beat() -> None:
        from django.db import connection

        while not stop.wait(0.1):
            AnnualReportRender.objects.filter(pk=record.pk).update(heartbeat_at=timezone.now())
        connection.close()

    holder = Thread(target=beat)
    holder.start()
    try:
        started = time.monotonic()
        assert annual_report_service.render(record.pk) is False
        assert time.monotonic() - started < 5
    finally:
        stop.set()
        holder.join()
    record.refresh_from_db()
    assert (record.state, record.attempts) == (State.RENDERING, 1)
