"""With the broker (Redis) stopped, "Generate PDF" still answers: the render is a row in the
database, waiting for the worker; when Redis comes back, beat's render sweep hands it over and a
real prefork worker makes the PDF."""

import time
from datetime import date

import pytest
from django.test import Client

from crag import roles
from reviews.models import AnnualReport, AnnualReportRender, Incident
from reviews.tests.render_trial import beat, broker_at, render_env, wait_for, worker
from tests.redis_server import OwnRedis

State = AnnualReportRender.State
SWEEP_SECONDS = 4


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_generate_pdf_with_the_broker_down_answers_and_the_pdf_is_made_when_it_returns(
    make_user, sign_in, themes, tmp_path
):
    Incident.objects.create(
        kind="death",
        incident_date=date(2019, 5, 1),
        aware_date=date(2019, 5, 2),
        location="in_area",
        abuse_or_neglect_suspected=True,
        panel_notified_on=date(2019, 5, 3),
    )
    AnnualReport.objects.create(year=2019, introduction="Fictional introduction.")
    client = sign_in(Client(), make_user(roles.CRAG_CHAIR))
    with OwnRedis() as redis, broker_at(redis.url()):
        redis.stop()
        started = time.monotonic()
        response = client.post("/annual-reports/2019/generate/")
        assert response.status_code == 302
        assert time.monotonic() - started < 10, "the request waited on the dead broker"
        record = AnnualReportRender.objects.get()
        assert (record.state, record.queued_at) == (State.QUEUED, None)
        page = client.get(response["Location"]).content.decode()
        assert "Waiting for the worker since" in page
        # Pressing the button again gives the same render, still waiting, not a second one.
        assert client.post("/annual-reports/2019/generate/").status_code == 302
        assert AnnualReportRender.objects.count() == 1

        redis.start()
        env = render_env(redis.url(), CRAG_RENDER_SWEEP_SECONDS=str(SWEEP_SECONDS))
        processes = [beat(env, tmp_path / "beat.log"), worker(env, tmp_path / "worker.log")]
        try:
            wait_for(
                "the PDF made after the broker returned",
                lambda: AnnualReportRender.objects.filter(pk=record.pk, state=State.DONE).exists(),
                120,
                *processes,
            )
        finally:
            for process in processes:
                process.stop()
    record.refresh_from_db()
    assert record.file.read(4) == b"%PDF"
