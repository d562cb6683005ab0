"""A full document store while the worker saves an annual report's PDF: the render fails with a
reason in plain English and leaves no file, partial or whole, behind (issue 14, item 6); it does
not stay "rendering" for the sweep to retry into the same full disk."""

import json

import pytest

from reviews.annual_report import service as annual_report_service
from reviews.annual_report import statistics as annual_report
from reviews.models import AnnualReport, AnnualReportRender
from reviews.tests.test_documents_disk_full import disk_fills_up, every_file  # noqa: F401 (fixture)

State = AnnualReportRender.State


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("disk_fills_up")
def test_a_pdf_that_meets_a_full_store_fails_the_render_in_plain_english_and_leaves_nothing(
    themes, settings, tmp_path
):
    settings.CRAG_PRIVATE_ROOT = tmp_path / "private"
    report = AnnualReport.objects.create(year=2019, introduction="Fictional introduction.")
    stats = annual_report.statistics(report.year)
    record = AnnualReportRender.objects.create(
        report=report,
        inputs_sha256=annual_report_service.inputs_of(report, annual_report_service.numbers_of(report.year)),
        statistics=json.loads(json.dumps(stats, default=str)),
    )
    assert annual_report_service.render(record.pk) is True
    record.refresh_from_db()
    assert record.state == State.FAILED
    assert "document store is full" in record.error
    assert not record.file
    assert every_file() == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("disk_fills_up")
def test_papers_that_meet_a_full_store_fail_in_plain_english_and_leave_nothing(settings, tmp_path):
    from reviews.meetings import papers as meeting_papers
    from reviews.models import AgendaItem, MeetingPapers
    from reviews.tests.factories_meetings import AgendaItemFactory

    settings.CRAG_PRIVATE_ROOT = tmp_path / "private"
    item = AgendaItem.objects.get(pk=AgendaItemFactory(summary="Referral awaiting screening.").pk)
    record = MeetingPapers.objects.create(
        meeting=item.meeting, inputs_sha256=meeting_papers.current_inputs(item.meeting)
    )

    assert meeting_papers.render(record.pk) is True

    record.refresh_from_db()
    assert record.state == MeetingPapers.State.FAILED
    assert "document store is full" in record.error
    assert not record.file
    assert every_file() == []
