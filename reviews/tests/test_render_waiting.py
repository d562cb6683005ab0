"""What the annual report's page says about a PDF that waits or stalls, and what "Try again" and
"Generate PDF" do about it: the truth (waiting since when, the worker silent since when), one
render per inputs, and a nudge to the worker only when one is due."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from crag import roles
from reviews.annual_report import service as annual_report_service
from reviews.models import AnnualReport, AnnualReportRender

State = AnnualReportRender.State
# 09:02 UTC on a summer's day is 10:02 in London (British Summer Time).
LONG_AGO = datetime(2025, 7, 1, 9, 2, tzinfo=UTC)


@pytest.fixture
def report(db):
    return AnnualReport.objects.create(year=2019, introduction="Fictional introduction.")


def _render(report: AnnualReport, **fields: object) -> AnnualReportRender:
    inputs = annual_report_service.inputs_of(report, annual_report_service.numbers_of(report.year))
    record = AnnualReportRender.objects.create(report=report, inputs_sha256=inputs)
    AnnualReportRender.objects.filter(pk=record.pk).update(**fields)
    record.refresh_from_db()
    return record


def _row(page: str, record: AnnualReportRender) -> str:
    start = page.index(f'id="render-{record.pk}"')
    return page[start : page.index("</tr>", start)]


@pytest.fixture
def chair(make_user, sign_in):
    return sign_in(Client(), make_user(roles.CRAG_CHAIR))


def test_a_render_waiting_too_long_says_since_when_in_london_time_and_offers_to_try_again(report, chair):
    record = _render(report, requested_at=LONG_AGO, queued_at=LONG_AGO)
    row = _row(chair.get("/annual-reports/2019/").content.decode(), record)
    assert "Waiting for the worker since 10:02 on 1 July 2025" in row
    assert "taking longer than it should" in row
    assert f'action="/annual-reports/renders/{record.pk}/retry/"' in row
    assert "Try again" in row
    status = chair.get(f"/annual-reports/renders/{record.pk}/").json()
    assert (status["state"], status["stalled"]) == ("queued", True)
    assert status["label"] == "Waiting for the worker since 10:02 on 1 July 2025"


def test_a_render_just_asked_for_waits_without_alarm(report, chair):
    record = _render(report, queued_at=timezone.now())
    row = _row(chair.get("/annual-reports/2019/").content.decode(), record)
    since = timezone.localtime(record.requested_at).strftime("%H:%M")
    assert f"Waiting for the worker since {since}" in row
    assert "taking longer than it should" not in row
    assert chair.get(f"/annual-reports/renders/{record.pk}/").json()["stalled"] is False


def test_a_render_never_handed_to_the_worker_says_it_will_be_handed_over(report, chair):
    record = _render(report, queued_at=None)
    row = _row(chair.get("/annual-reports/2019/").content.decode(), record)
    assert "could not be reached" in row


def test_a_render_whose_worker_fell_silent_says_so_and_offers_to_try_again(report, chair):
    record = _render(
        report,
        state=State.RENDERING,
        requested_at=LONG_AGO,
        started_at=LONG_AGO + timedelta(minutes=1),
        heartbeat_at=LONG_AGO + timedelta(minutes=2),
    )
    row = _row(chair.get("/annual-reports/2019/").content.decode(), record)
    assert "Rendering since 10:03 on 1 July 2025" in row
    assert "not been heard from since 10:04" in row
    assert "Try again" in row


def test_a_render_in_progress_offers_nothing_to_press(report, chair):
    now = timezone.now()
    record = _render(report, state=State.RENDERING, started_at=now, heartbeat_at=now)
    row = _row(chair.get("/annual-reports/2019/").content.decode(), record)
    assert f"Rendering since {timezone.localtime(now):%H:%M}" in row
    status = chair.get(f"/annual-reports/renders/{record.pk}/").json()
    assert status["stalled"] is False


def test_try_again_nudges_a_stalled_render_once_and_changes_nothing_else(
    report, chair, django_capture_on_commit_callbacks
):
    waiting = _render(report, requested_at=LONG_AGO, queued_at=LONG_AGO)
    with django_capture_on_commit_callbacks(execute=False) as nudges:
        response = chair.post(f"/annual-reports/renders/{waiting.pk}/retry/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#render-{waiting.pk}")
    assert len(nudges) == 1
    assert AnnualReportRender.objects.count() == 1


def test_try_again_takes_back_a_render_from_a_silent_worker(
    report, chair, django_capture_on_commit_callbacks
):
    silent = _render(report, state=State.RENDERING, started_at=LONG_AGO, heartbeat_at=LONG_AGO)
    with django_capture_on_commit_callbacks(execute=False) as nudges:
        assert chair.post(f"/annual-reports/renders/{silent.pk}/retry/").status_code == 302
    silent.refresh_from_db()
    assert (silent.state, len(nudges)) == (State.QUEUED, 1)


@pytest.mark.parametrize("state", [State.RENDERING, State.DONE, State.FAILED])
def test_try_again_leaves_a_live_or_finished_render_alone(
    report, chair, django_capture_on_commit_callbacks, state
):
    now = timezone.now()
    record = _render(report, state=state, started_at=now, heartbeat_at=now)
    with django_capture_on_commit_callbacks(execute=False) as nudges:
        assert chair.post(f"/annual-reports/renders/{record.pk}/retry/").status_code == 302
    record.refresh_from_db()
    assert (record.state, len(nudges)) == (state, 0)


def test_try_again_is_for_those_who_generate_reports(report, make_user, sign_in):
    record = _render(report, requested_at=LONG_AGO, queued_at=LONG_AGO)
    board = sign_in(Client(), make_user(roles.BOARD_MEMBER))
    assert board.post(f"/annual-reports/renders/{record.pk}/retry/").status_code == 403
    lead = sign_in(Client(), make_user(roles.AGENCY_ACTION_LEAD))
    assert lead.post(f"/annual-reports/renders/{record.pk}/retry/").status_code == 404
    assert "Try again" not in _row(board.get("/annual-reports/2019/").content.decode(), record)


def test_generate_again_nudges_the_stalled_render_of_the_same_inputs_instead_of_returning_it(
    report, chair, django_capture_on_commit_callbacks
):
    stuck = _render(report, requested_at=LONG_AGO, queued_at=None)
    with django_capture_on_commit_callbacks(execute=False) as nudges:
        response = chair.post("/annual-reports/2019/generate/")
    assert response["Location"].endswith(f"#render-{stuck.pk}")
    assert (AnnualReportRender.objects.count(), len(nudges)) == (1, 1)


def test_generate_again_takes_back_the_render_of_a_silent_worker(
    report, chair, django_capture_on_commit_callbacks
):
    silent = _render(report, state=State.RENDERING, started_at=LONG_AGO, heartbeat_at=LONG_AGO)
    with django_capture_on_commit_callbacks(execute=False) as nudges:
        response = chair.post("/annual-reports/2019/generate/")
    assert response["Location"].endswith(f"#render-{silent.pk}")
    silent.refresh_from_db()
    assert (AnnualReportRender.objects.count(), silent.state, len(nudges)) == (1, State.QUEUED, 1)
