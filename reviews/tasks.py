"""Celery tasks of the domain: they take ids and call one service."""

import logging

from celery import shared_task

from reviews.annual_report import service as annual_report_service
from reviews.meetings import papers as meeting_papers

logger = logging.getLogger(__name__)


# The service queues this task by its name (it does not import this module), so the name and the
# options it sends are the service's; the name is the one Celery would give it anyway.
@shared_task(name=annual_report_service.RENDER_TASK, **annual_report_service.RENDER_TASK_OPTIONS)
def render_annual_report(render_id: int) -> None:
    """Render a queued annual-report PDF; a redelivered one whose worker died is resumed (one done,
    failed, or in the hands of a live worker is skipped)."""
    if not annual_report_service.render(render_id):
        logger.info("annual report render %s: done, failed or in the hands of a live worker", render_id)


@shared_task(ignore_result=True)
def sweep_renders() -> int:
    """Beat's render sweep: hand the worker the renders never handed over, waiting too long, or
    left by a worker that fell silent (the database is the record of the work)."""
    handed = annual_report_service.sweep()
    handed += meeting_papers.sweep()  # the meetings' papers are renders too
    if handed:
        logger.info("render sweep: %d renders handed to the worker", handed)
    return handed


@shared_task(name=meeting_papers.RENDER_TASK, **meeting_papers.RENDER_TASK_OPTIONS)
def render_meeting_papers(papers_id: int) -> None:
    """Make a queued meeting's papers (one done, failed or being made by a live worker is skipped)."""
    if not meeting_papers.render(papers_id):
        logger.info("meeting papers %s: done, failed or in the hands of a live worker", papers_id)
