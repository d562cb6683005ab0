"""Making the annual report's PDF: requested in the browser, rendered by the worker, stored
privately with its checksum and the statistics it was built from, and reused while its inputs
(the statistics, the narrative, Appendix B, the glossary and the national figures) have not changed.

The render row is the record of the work; the broker only carries a nudge. A request never fails
because the broker is away: the render waits, and beat's render sweep hands over whatever was
never handed over, waited too long, or was left by a worker that fell silent. A rendering worker
writes a heartbeat every few seconds, so a dead one is told from a slow one in seconds; a render
is then taken over (a redelivered message resumes it), and only the holder of the latest attempt
may store the result, so the same inputs are never rendered into two files.
"""

import hashlib
import json
import logging
import threading
import time
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from crag import permissions
from crag.celery import app as celery_app
from crag.models import User
from reviews.annual_report import statistics as annual_report
from reviews.annual_report.content import content_of
from reviews.annual_report.trends import trends
from reviews.models import AnnualReport, AnnualReportRender
from reviews.models.annual_reports import NARRATIVE_SECTIONS
from reviews.storage import store_is_full

logger = logging.getLogger(__name__)
State = AnnualReportRender.State
# Bump when the document's layout changes, so that unchanged data still gets the new layout.
LAYOUT_VERSION = "1"
COVER_FIELDS = ("title", "report_date", "lead_officer", "contact")
# The worker's task (reviews.tasks registers it under this name) and its options, which the task
# declares and the message carries.
RENDER_TASK = "reviews.tasks.render_annual_report"
RENDER_TASK_OPTIONS: dict[str, Any] = {"ignore_result": True, "soft_time_limit": 180, "time_limit": 240}


def numbers_of(year: int) -> dict[str, Any]:
    """All the numbers a PDF of the year is made from: the year's statistics and its trends (the
    years before, read from their own statistics), so that a correction to an earlier year's
    records also makes the PDF out of date. A render keeps the statistics alone (the document
    counts the trends again when it is made)."""
    return {**annual_report.statistics(year), "trends": trends(year)}


def inputs_of(report: AnnualReport, stats: dict[str, Any]) -> str:
    """The checksum of everything the PDF is made from: the numbers (numbers_of), the cover and
    narrative, Appendix B, the glossary and the national figures. A render whose checksum is not
    the current one is out of date. `stats` must be numbers_of(year), trends included: the year's
    statistics alone would give a checksum no render request ever makes."""
    if "trends" not in stats:
        raise ValueError("inputs_of needs numbers_of(year), the trends included")
    fields = [name for name, _ in NARRATIVE_SECTIONS] + list(COVER_FIELDS)
    inputs = {
        "layout": LAYOUT_VERSION,
        "statistics": stats,
        "report": {name: getattr(report, name) for name in fields},
        "content": content_of(report),
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()


def _ago(now: datetime, setting: str) -> datetime:
    return now - timedelta(seconds=float(getattr(settings, setting)))


def _silent(now: datetime) -> Q:
    """Rendering, but its worker has not been heard from for too long: it died with the render."""
    dead = _ago(now, "CRAG_RENDER_DEAD_AFTER_SECONDS")
    beat = Q(heartbeat_at__lt=dead) | Q(heartbeat_at__isnull=True, started_at__lt=dead)
    return Q(state=State.RENDERING) & beat


@transaction.atomic
def render_request(*, actor: User, report: AnnualReport) -> AnnualReportRender:
    """Queue the PDF of the report as it is now, unless the same inputs are already rendered (or
    being rendered): then that render is returned, handed to the worker again if it stalled."""
    permissions.require(permissions.can_generate_reports(actor))
    AnnualReport.objects.select_for_update().get(pk=report.pk)  # one request at a time per report
    numbers = numbers_of(report.year)
    inputs = inputs_of(report, numbers)
    stats = {key: value for key, value in numbers.items() if key != "trends"}
    same = (
        AnnualReportRender.objects.filter(report=report, inputs_sha256=inputs)
        .exclude(state=State.FAILED)
        .first()
    )
    if same is None:
        same = AnnualReportRender.objects.create(
            report=report, inputs_sha256=inputs, statistics=stats, requested_by=actor
        )
        _nudge_on_commit(same.pk)
    elif _nudge_if_stalled(same.pk):
        same.refresh_from_db()
    return same


@transaction.atomic
def render_retry(*, actor: User, render: AnnualReportRender) -> bool:
    """ "Try again" on a render that waited too long or whose worker fell silent: hand it to the
    worker again. Anything else (in progress, done, failed) is left as it is. True if handed."""
    permissions.require(permissions.can_generate_reports(actor))
    return _nudge_if_stalled(render.pk)


def _nudge_if_stalled(render_id: int) -> bool:
    now = timezone.now()
    rows = AnnualReportRender.objects.filter(pk=render_id)
    taken_back = _take_back(rows, now)
    waiting_long = rows.filter(state=State.QUEUED, requested_at__lt=_ago(now, "CRAG_RENDER_WAIT_SECONDS"))
    if taken_back or waiting_long.exists():
        _nudge_on_commit(render_id)
        return True
    return False


def _take_back(rows: "QuerySet[AnnualReportRender]", now: datetime) -> int:
    """Renders whose worker fell silent wait for a worker again; one that has stopped workers
    too often fails with the reason instead (a document that kills its renderer). The number
    taken back."""
    silent = rows.filter(_silent(now))
    limit = settings.CRAG_RENDER_MAX_ATTEMPTS
    silent.filter(attempts__gte=limit).update(
        state=State.FAILED,
        finished_at=now,
        error=f"The worker stopped {limit} times while making this PDF. Generate it again; if this "
        "happens again, ask the system's administrators to look at the worker's log.",
    )
    return silent.filter(attempts__lt=limit).update(state=State.QUEUED, queued_at=None)


def _nudge_on_commit(render_id: int) -> None:
    transaction.on_commit(lambda: nudge(render_id))


def nudge(render_id: int) -> bool:
    """Hand the render to the broker. False when the broker cannot be reached: the render keeps
    waiting in the database and the render sweep hands it over later."""
    try:
        # One try, bounded by the connection's timeouts (CRAG_BROKER_TIMEOUT_SECONDS): kombu would
        # otherwise retry the connection for seconds and the publish a few times more.
        # (Redis only: the SQLAlchemy transport of the demo hands its options to create_engine.)
        once = {"max_retries": 0} if celery_app.conf.broker_url.startswith(("redis://", "rediss://")) else {}
        with celery_app.connection_for_write(transport_options=once) as broker:
            # By the task's name, so that this service does not import reviews.tasks (which
            # imports it): the worker applies the task's own options (its time limits).
            celery_app.send_task(
                RENDER_TASK, (render_id,), connection=broker, retry=False, **RENDER_TASK_OPTIONS
            )
    except Exception:  # whatever the transport raises, the request must not fail: the row waits
        logger.warning("annual report render %s: the broker is away; the sweep will hand it over", render_id)
        return False
    AnnualReportRender.objects.filter(pk=render_id, state=State.QUEUED).update(queued_at=timezone.now())
    return True


def sweep() -> int:
    """Beat's render sweep: take back renders left by a silent worker, then hand the worker
    every render never handed over or handed over too long ago. The number handed over."""
    now = timezone.now()
    _take_back(AnnualReportRender.objects.all(), now)
    waited = _ago(now, "CRAG_RENDER_WAIT_SECONDS")
    due = AnnualReportRender.objects.filter(state=State.QUEUED).filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=waited)
    )
    handed = 0
    for render_id in due.order_by("requested_at").values_list("pk", flat=True):
        if not nudge(render_id):
            break  # the broker is away: the next sweep tries again
        handed += 1
    return handed


def _claim(render_id: int, now: datetime | None = None) -> bool:
    """Take the render: waiting, or rendering by a worker that has fallen silent."""
    now = now or timezone.now()
    return bool(
        AnnualReportRender.objects.filter(pk=render_id, attempts__lt=settings.CRAG_RENDER_MAX_ATTEMPTS)
        .filter(Q(state=State.QUEUED) | _silent(now))
        .update(state=State.RENDERING, started_at=now, heartbeat_at=now, error="", attempts=F("attempts") + 1)
    )


def _take(render_id: int) -> int | None:
    """Claim the render and return the attempt that holds it. A render another worker holds is
    watched: while its heartbeat stands still (this message came back because that worker was
    killed) it is taken over as soon as the silence counts as death; when the heartbeat moves,
    its holder is alive and this message is a spare. None when there is nothing to do."""
    pause = float(settings.CRAG_RENDER_HEARTBEAT_SECONDS)
    give_up = time.monotonic() + float(settings.CRAG_RENDER_DEAD_AFTER_SECONDS) + 3 * pause
    last: datetime | None = None
    while True:
        now = timezone.now()
        with transaction.atomic():
            if _claim(render_id, now):
                return int(AnnualReportRender.objects.values_list("attempts", flat=True).get(pk=render_id))
        held = AnnualReportRender.objects.filter(pk=render_id, state=State.RENDERING)
        beat = held.values_list("heartbeat_at", "started_at").first()
        if beat is None or held.filter(_silent(now)).exists():
            return None  # done, failed, gone, or silent yet not ours to take (too many attempts)
        seen = beat[0] or beat[1]
        if (last is not None and seen != last) or time.monotonic() > give_up:
            return None
        last = seen
        time.sleep(pause)


class _Heartbeat:
    """While the PDF is rendered, a thread tells the database every few seconds that this
    attempt is alive (WeasyPrint holds the task's thread for the whole render)."""

    def __init__(self, render_id: int, attempt: int) -> None:
        self.rows = AnnualReportRender.objects.filter(pk=render_id, state=State.RENDERING, attempts=attempt)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"render-{render_id}-heartbeat", daemon=True)

    def _beat(self) -> None:
        try:
            while not self.stopped.wait(float(settings.CRAG_RENDER_HEARTBEAT_SECONDS)):
                try:
                    self.rows.update(heartbeat_at=timezone.now())
                except DatabaseError:
                    logger.warning("annual report render heartbeat not recorded", exc_info=True)
        finally:
            connection.close()  # the thread's own connection

    def __enter__(self) -> "_Heartbeat":
        self.thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stopped.set()
        self.thread.join()


def render(render_id: int) -> bool:
    """Render one queued PDF (the worker's task). False when there was nothing to do."""
    attempt = _take(render_id)
    if attempt is None:
        return False
    record = AnnualReportRender.objects.select_related("report").get(pk=render_id)
    mine = AnnualReportRender.objects.filter(pk=render_id, state=State.RENDERING, attempts=attempt)
    try:
        from reviews.annual_report import document as annual_report_document

        with _Heartbeat(render_id, attempt):
            pdf = annual_report_document.render_pdf(record.report, record.statistics)
            pages = _page_count(pdf)
    except Exception as failure:
        logger.exception("annual report render %s failed", render_id)
        mine.update(
            state=State.FAILED,
            error=f"{type(failure).__name__}: {failure}"[:1000],
            finished_at=timezone.now(),
        )
        return True
    _store(render_id, attempt, pdf, pages)
    return True


STORE_FULL_REASON = (
    "The PDF could not be saved because the document store is full. Tell your administrator, then try again."
)


def _store(render_id: int, attempt: int, pdf: bytes, pages: int) -> None:
    """Save the PDF, then the row. The new file is written whole before the row points at it
    (reviews.storage), and a file the row pointed at before is removed only once the row no longer
    does: a failure at any step leaves the row and its file as they were, and no stray file."""
    digest = hashlib.sha256(pdf).hexdigest()
    mine = AnnualReportRender.objects.filter(pk=render_id, state=State.RENDERING, attempts=attempt)
    record = AnnualReportRender.objects.select_related("report").get(pk=render_id)
    storage, previous = record.file.storage, record.file.name
    try:
        wanted = record.file.field.generate_filename(
            record, f"annual-report-{record.report.year}-{digest[:16]}.pdf"
        )
        name = storage.save(wanted, ContentFile(pdf))
    except OSError as error:
        if not store_is_full(error):
            raise
        logger.error("Document store full: annual report render %s could not be saved (%s)", render_id, error)
        mine.update(state=State.FAILED, error=STORE_FULL_REASON, finished_at=timezone.now())
        return
    try:
        with transaction.atomic():
            stored = mine.update(
                file=name,
                sha256=digest,
                size=len(pdf),
                pages=pages,
                state=State.DONE,
                finished_at=timezone.now(),
            )
            if stored and previous:
                transaction.on_commit(lambda: storage.delete(previous))
    except BaseException:
        storage.delete(name)
        raise
    if not stored:
        storage.delete(name)
        logger.warning("annual report render %s: taken over while rendering; result dropped", render_id)


def _page_count(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _when(moment: datetime, now: datetime) -> str:
    """A time in Europe/London, with its date when it is not today."""
    local = timezone.localtime(moment)
    text = f"{local:%H:%M}"
    if local.date() != timezone.localtime(now).date():
        text += f" on {local.day} {local:%B %Y}"
    return text


def _every(seconds: float) -> str:
    if seconds < 90:
        return "minute" if 45 <= seconds <= 75 else f"{seconds:.0f} seconds"
    return f"{seconds / 60:.0f} minutes"


def progress(record: AnnualReportRender) -> dict[str, Any]:
    """What the progress indicator shows: the state in words with since when, whether it has
    stalled (waited too long, or its worker fell silent) and what to do about it."""
    now = timezone.now()
    label = {State.DONE: "Ready to download", State.FAILED: "Failed"}.get(State(record.state), "")
    advice: list[str] = []
    stalled = False
    if record.state == State.QUEUED:
        label = f"Waiting for the worker since {_when(record.requested_at, now)}"
        if record.queued_at is None:
            every = _every(float(settings.CRAG_RENDER_SWEEP_SECONDS))
            advice.append(f"The worker's queue could not be reached. It is tried again every {every}.")
        stalled = record.requested_at < _ago(now, "CRAG_RENDER_WAIT_SECONDS")
        if stalled:
            advice.append("This is taking longer than it should: the worker may be stopped or busy.")
    elif record.state == State.RENDERING:
        started = record.started_at or record.requested_at
        label = f"Rendering since {_when(started, now)}"
        beat = record.heartbeat_at or started
        stalled = beat < _ago(now, "CRAG_RENDER_DEAD_AFTER_SECONDS")
        if stalled:
            advice.append(
                f"The worker has not been heard from since {_when(beat, now)}: it may have stopped."
            )
    return {
        "id": record.pk,
        "state": record.state,
        "label": label,
        "error": record.error,
        "pages": record.pages,
        "size": record.size,
        "stalled": stalled,
        "advice": " ".join(advice),
    }
