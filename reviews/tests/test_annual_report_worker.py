"""The annual report's PDF: requested in the browser, rendered by a real worker on the real
Redis, its progress followed, downloaded with an audit entry, and reused while nothing changes."""

import hashlib
import json
import time
from datetime import date, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from crag import roles
from crag.models import AuditEvent
from notifications.tests.reliability import _purge_broker
from reviews.annual_report import service as annual_report_service
from reviews.annual_report import statistics as annual_report
from reviews.models import AnnualReport, AnnualReportRender, Incident
from reviews.tests.render_trial import render_env, worker
from reviews.tests.test_lost_updates import hidden

State = AnnualReportRender.State


@pytest.fixture
def year_2019(db):
    Incident.objects.create(
        kind="death",
        incident_date=date(2019, 5, 1),
        aware_date=date(2019, 5, 2),
        location="in_area",
        abuse_or_neglect_suspected=True,
        panel_notified_on=date(2019, 5, 3),
    )
    return AnnualReport.objects.create(year=2019, introduction="Fictional introduction.")


def _generate(client: Client, year: int) -> AnnualReportRender:
    assert client.post(f"/annual-reports/{year}/generate/").status_code == 302
    return AnnualReportRender.objects.latest("requested_at")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_pdf_and_the_page_follows_its_progress(
    make_user, sign_in, tmp_path, themes
):
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "make test provides a real Redis"
    AnnualReport.objects.create(year=2019, introduction="Fictional introduction.")
    client = sign_in(Client(), make_user(roles.CRAG_CHAIR))
    _purge_broker()
    render = _generate(client, 2019)
    assert client.get(f"/annual-reports/renders/{render.pk}/").json()["state"] == "queued"
    process = worker(render_env(settings.CELERY_BROKER_URL), tmp_path / "worker.log")
    try:
        deadline = time.monotonic() + 120
        seen = set()
        while time.monotonic() < deadline:
            status = client.get(f"/annual-reports/renders/{render.pk}/").json()
            seen.add(status["state"])
            if status["state"] in ("done", "failed"):
                break
            time.sleep(0.3)
    finally:
        process.stop()
    assert status["state"] == "done", (status, (tmp_path / "worker.log").read_text()[-3000:])
    response = client.get(status["download"])
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    render.refresh_from_db()
    assert render.sha256 == hashlib.sha256(pdf).hexdigest()
    assert render.statistics == json.loads(json.dumps(annual_report.statistics(2019)))
    assert AuditEvent.objects.filter(kind="export", detail__what__icontains="annual report").exists()
    # Nothing changed: the same PDF is offered again, not made again.
    assert _generate(client, 2019).pk == render.pk


@pytest.mark.django_db
def test_a_changed_narrative_makes_a_new_pdf(year_2019, make_user, django_capture_on_commit_callbacks):
    chair = make_user(roles.CRAG_CHAIR)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = annual_report_service.render_request(actor=chair, report=year_2019)
        again = annual_report_service.render_request(actor=chair, report=year_2019)
    assert (first.pk, len(queued)) == (again.pk, 1)  # queued once
    year_2019.conclusion = "Fictional conclusion."
    year_2019.save()
    with django_capture_on_commit_callbacks(execute=False):
        changed = annual_report_service.render_request(actor=chair, report=year_2019)
    assert changed.pk != first.pk


@pytest.mark.django_db
def test_a_failed_render_says_why(year_2019, make_user, monkeypatch, django_capture_on_commit_callbacks):
    from reviews.annual_report import document as annual_report_document

    def broken(report, stats):
        raise ValueError("the template is missing")

    monkeypatch.setattr(annual_report_document, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=False):
        record = annual_report_service.render_request(actor=make_user(roles.CRAG_CHAIR), report=year_2019)
    assert annual_report_service.render(record.pk) is True
    record.refresh_from_db()
    assert (record.state, record.error) == (State.FAILED, "ValueError: the template is missing")
    assert annual_report_service.render(record.pk) is False  # a failed render is not taken again


@pytest.mark.django_db
def test_a_render_abandoned_by_a_lost_worker_is_taken_again(year_2019):
    record = AnnualReportRender.objects.create(
        report=year_2019, inputs_sha256="x", state=State.RENDERING, started_at=timezone.now()
    )
    assert annual_report_service._claim(record.pk) is False  # another worker is on it
    AnnualReportRender.objects.filter(pk=record.pk).update(started_at=timezone.now() - timedelta(minutes=11))
    assert annual_report_service._claim(record.pk) is True


@pytest.mark.django_db
def test_who_may_read_generate_and_download(year_2019, make_user, sign_in):
    record = AnnualReportRender.objects.create(report=year_2019, inputs_sha256="x", state=State.QUEUED)
    board = sign_in(Client(), make_user(roles.BOARD_MEMBER))
    assert board.get("/annual-reports/2019/").status_code == 200
    assert board.post("/annual-reports/2019/generate/").status_code == 403
    assert board.get(f"/annual-reports/renders/{record.pk}/download/").status_code == 404  # not made yet
    lead = sign_in(Client(), make_user(roles.AGENCY_ACTION_LEAD))
    assert lead.get("/annual-reports/2019/").status_code == 404
    assert lead.get(f"/annual-reports/renders/{record.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_command_prints_the_statistics_as_json(year_2019):
    out = StringIO()
    call_command("annual_report", "2019", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(json.dumps(annual_report.statistics(2019)))


@pytest.mark.django_db
def test_the_command_writes_the_pdf(year_2019, tmp_path, themes):
    target = tmp_path / "report.pdf"
    call_command("annual_report", "2019", "--output", str(target), stderr=StringIO())
    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.django_db
def test_starting_and_editing_a_report_in_the_browser(make_user, sign_in):
    client = sign_in(Client(), make_user(roles.CRAG_MEMBER))
    assert client.post("/annual-reports/", {"year": "1850"}).status_code == 200  # not offered
    assert not AnnualReport.objects.exists()
    assert client.post("/annual-reports/", {"year": "2024"}).status_code == 302
    form = hidden(client.get("/annual-reports/2024/edit/").content.decode())
    response = client.post(
        "/annual-reports/2024/edit/",
        {
            **form,
            "title": "Fictional report",
            "introduction": "Hello board",
            "report_date_0": "31",
            "report_date_1": "2",
        },
    )
    assert response.status_code == 200  # the date is incomplete: nothing saved
    assert AnnualReport.objects.get(year=2024).introduction == ""
    response = client.post(
        "/annual-reports/2024/edit/",
        {
            **form,
            "title": "Fictional report",
            "introduction": "Hello board",
            "report_date_0": "30",
            "report_date_1": "6",
            "report_date_2": "2025",
        },
    )
    assert response.status_code == 302
    assert AnnualReport.objects.get(year=2024).report_date == date(2025, 6, 30)
