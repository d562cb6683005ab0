"""Making the annual report's PDF: requested in the browser, rendered by the worker, stored
privately with its checksum and the statistics it was built from, and reused while its inputs
(the statistics and the narrative) have not changed."""

import hashlib
import json
import logging
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from crag import permissions
from crag.models import User
from reviews import annual_report
from reviews.models import AnnualReport, AnnualReportRender
from reviews.models.annual_reports import NARRATIVE_SECTIONS

logger = logging.getLogger(__name__)
State = AnnualReportRender.State
# A render left "rendering" this long was lost with its worker; it may be claimed again.
STALE_AFTER = timedelta(minutes=10)
# Bump when the document's layout changes, so that unchanged data still gets the new layout.
LAYOUT_VERSION = "1"
COVER_FIELDS = ("title", "report_date", "lead_officer", "contact")


def inputs_of(report: AnnualReport, stats: dict[str, Any]) -> str:
    """The checksum of everything the PDF is made from."""
    fields = [name for name, _ in NARRATIVE_SECTIONS] + list(COVER_FIELDS)
    inputs = {
        "layout": LAYOUT_VERSION,
        "statistics": stats,
        "report": {name: getattr(report, name) for name in fields},
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()


@transaction.atomic
def render_request(*, actor: User, report: AnnualReport) -> AnnualReportRender:
    """Queue the PDF of the report as it is now, unless the same inputs are already rendered (or
    being rendered): then that render is returned."""
    permissions.require(permissions.can_generate_reports(actor))
    AnnualReport.objects.select_for_update().get(pk=report.pk)  # one request at a time per report
    stats = annual_report.statistics(report.year)
    inputs = inputs_of(report, stats)
    stale = timezone.now() - STALE_AFTER
    same = (
        AnnualReportRender.objects.filter(report=report, inputs_sha256=inputs)
        .filter(Q(state=State.DONE) | Q(state=State.QUEUED) | Q(state=State.RENDERING, started_at__gte=stale))
        .first()
    )
    if same is not None:
        return same
    render = AnnualReportRender.objects.create(
        report=report, inputs_sha256=inputs, statistics=stats, requested_by=actor
    )
    from reviews.tasks import render_annual_report

    transaction.on_commit(lambda: render_annual_report.delay(render.pk))
    return render


def _claim(render_id: int) -> bool:
    """Take the render: queued, or rendering but abandoned by a lost worker."""
    stale = timezone.now() - STALE_AFTER
    return bool(
        AnnualReportRender.objects.filter(pk=render_id)
        .filter(Q(state=State.QUEUED) | Q(state=State.RENDERING, started_at__lt=stale))
        .update(state=State.RENDERING, started_at=timezone.now(), error="")
    )


def render(render_id: int) -> bool:
    """Render one queued PDF (the worker's task). False when there was nothing to do."""
    if not _claim(render_id):
        return False
    record = AnnualReportRender.objects.select_related("report").get(pk=render_id)
    try:
        from reviews import annual_report_document

        pdf = annual_report_document.render_pdf(record.report, record.statistics)
        pages = _page_count(pdf)
    except Exception as failure:
        logger.exception("annual report render %s failed", render_id)
        AnnualReportRender.objects.filter(pk=render_id).update(
            state=State.FAILED,
            error=f"{type(failure).__name__}: {failure}"[:1000],
            finished_at=timezone.now(),
        )
        return True
    digest = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        record = AnnualReportRender.objects.select_for_update().get(pk=render_id)
        if record.file:
            record.file.delete(save=False)
        record.file.save(
            f"annual-report-{record.report.year}-{digest[:16]}.pdf", ContentFile(pdf), save=False
        )
        record.sha256, record.size, record.pages = digest, len(pdf), pages
        record.state, record.finished_at = State.DONE, timezone.now()
        record.save()
    return True


def _page_count(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def progress(record: AnnualReportRender) -> dict[str, Any]:
    """What the progress indicator shows."""
    words = {
        State.QUEUED: "Waiting for the worker",
        State.RENDERING: "Rendering the PDF",
        State.DONE: "Ready to download",
        State.FAILED: "Failed",
    }
    return {
        "id": record.pk,
        "state": record.state,
        "label": words[State(record.state)],
        "error": record.error,
        "pages": record.pages,
        "size": record.size,
    }
