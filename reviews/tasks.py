"""Celery tasks of the domain: they take ids and call one service."""

import logging

from celery import shared_task

from reviews import annual_report_service

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True, soft_time_limit=180, time_limit=240)
def render_annual_report(render_id: int) -> None:
    """Render a queued annual-report PDF (a render already taken or done is skipped)."""
    if not annual_report_service.render(render_id):
        logger.info("annual report render %s: already taken or done", render_id)
