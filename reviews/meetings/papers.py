"""A meeting's papers: one PDF (agenda, attendance by name and agency, each item's summary and
the children by pseudonym only) made by the worker, stored privately with its checksum, and reused
while its inputs have not changed; when the agenda changes the papers are out of date and made again.

As with the annual report (reviews/annual_report/service.py), the row is the record of the work
and the broker only carries a nudge: a request never fails because the broker is away, and beat's
render sweep hands over whatever was never handed over, waited too long, or was left by a worker
that died (a render running longer than the task's hard time limit has lost its worker).
"""

import hashlib
import json
import logging
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from crag import permissions
from crag.celery import app as celery_app
from crag.models import User
from reviews.annual_report.fetcher import RefusedURLError, static_roots, url_fetcher
from reviews.models import AgendaItem, Meeting, MeetingMember, MeetingPapers
from reviews.storage import store_is_full

logger = logging.getLogger(__name__)
State = MeetingPapers.State
LAYOUT_VERSION = "1"  # bump when the papers' layout changes
TEMPLATE = "reviews/meetings/papers_document.html"
STYLESHEET = "reviews/meetings/papers_pdf.css"
RENDER_TASK = "reviews.tasks.render_meeting_papers"
RENDER_TASK_OPTIONS: dict[str, Any] = {"ignore_result": True, "soft_time_limit": 120, "time_limit": 150}


def _pseudonyms(item: AgendaItem) -> list[str]:
    """The children an item is about, by pseudonym (never their identity)."""
    children: Any = None
    if item.referral is not None:
        children = item.referral.children.all()
    elif item.rapid_review is not None:
        children = item.rapid_review.incident.children.all()
    elif item.review is not None:
        children = item.review.children.all()
    return sorted(child.pseudonym for child in children) if children is not None else []


def _reference(item: AgendaItem) -> str:
    if item.referral is not None:
        return item.referral.reference
    if item.rapid_review is not None:
        return f"Rapid Review of {item.rapid_review.incident.reference}"
    if item.review is not None:
        return item.review.title
    return item.agency.name if item.agency is not None else ""


def contents(meeting: Meeting) -> dict[str, Any]:
    """Everything the papers show, as plain values: the checksum is taken over exactly this."""
    items = AgendaItem.objects.filter(meeting=meeting).select_related(
        "referral", "rapid_review__incident", "review", "agency"
    )
    members = MeetingMember.objects.filter(meeting=meeting).select_related("user__agency")
    return {
        "title": meeting.title,
        "held_on": f"{meeting.held_on:%-d %B %Y}",
        "time": f"{meeting.starts_at:%H:%M}" + (f" to {meeting.ends_at:%H:%M}" if meeting.ends_at else ""),
        "place": meeting.place,
        "link": meeting.link,
        "members": [
            {
                "name": m.user.full_name,
                "agency": m.user.agency.name if m.user.agency else "",
                "attendance": m.get_attendance_display(),
            }
            for m in members
        ],
        "items": [
            {
                "number": i.number,
                "title": i.title,
                "kind": i.get_kind_display(),
                "reference": _reference(i),
                "children": _pseudonyms(i),
                "summary": i.summary,
            }
            for i in items.prefetch_related(
                "referral__children", "rapid_review__incident__children", "review__children"
            )
        ],
    }


def inputs_of(content: dict[str, Any]) -> str:
    payload = {"layout": LAYOUT_VERSION, "content": content}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def current_inputs(meeting: Meeting) -> str:
    """The checksum the meeting's papers would have if made now: papers with another are out of date."""
    return inputs_of(contents(meeting))


@transaction.atomic
def papers_request(*, actor: User, meeting: Meeting) -> MeetingPapers:
    """Queue the papers of the meeting as it is now, unless the same inputs are already made (or
    being made): then those papers are returned, handed to the worker again if they stalled."""
    permissions.require(permissions.can_manage_meetings(actor))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)  # one request at a time
    inputs = current_inputs(meeting)
    same = (
        MeetingPapers.objects.filter(meeting=meeting, inputs_sha256=inputs)
        .exclude(state=State.FAILED)
        .first()
    )
    if same is None:
        same = MeetingPapers.objects.create(meeting=meeting, inputs_sha256=inputs, requested_by=actor)
        transaction.on_commit(lambda: nudge(same.pk))
    elif _stalled(same.pk):
        transaction.on_commit(lambda: nudge(same.pk))
    return same


def _ago(now: datetime, seconds: float) -> datetime:
    return now - timedelta(seconds=seconds)


def _dead(now: datetime) -> Q:
    """Rendering for longer than the task's hard time limit: its worker is gone."""
    limit = float(RENDER_TASK_OPTIONS["time_limit"]) + float(settings.CRAG_RENDER_DEAD_AFTER_SECONDS)
    return Q(state=State.RENDERING, started_at__lt=_ago(now, limit))


def _take_back(now: datetime) -> None:
    dead = MeetingPapers.objects.filter(_dead(now))
    limit = settings.CRAG_RENDER_MAX_ATTEMPTS
    dead.filter(attempts__gte=limit).update(
        state=State.FAILED,
        finished_at=now,
        error=f"The worker stopped {limit} times while making these papers. Ask the system's "
        "administrators to look at the worker's log.",
    )
    dead.filter(attempts__lt=limit).update(state=State.QUEUED, queued_at=None)


def _stalled(papers_id: int) -> bool:
    now = timezone.now()
    _take_back(now)
    wait = _ago(now, float(settings.CRAG_RENDER_WAIT_SECONDS))
    return MeetingPapers.objects.filter(pk=papers_id, state=State.QUEUED, requested_at__lt=wait).exists()


def nudge(papers_id: int) -> bool:
    """Hand the papers to the broker; False when it cannot be reached (the row waits for the sweep)."""
    try:
        once = {"max_retries": 0} if celery_app.conf.broker_url.startswith(("redis://", "rediss://")) else {}
        with celery_app.connection_for_write(transport_options=once) as broker:
            celery_app.send_task(
                RENDER_TASK, (papers_id,), connection=broker, retry=False, **RENDER_TASK_OPTIONS
            )
    except Exception:  # whatever the transport raises, the request must not fail: the row waits
        logger.warning("meeting papers %s: the broker is away; the sweep will hand them over", papers_id)
        return False
    MeetingPapers.objects.filter(pk=papers_id, state=State.QUEUED).update(queued_at=timezone.now())
    return True


def refresh_stale(*, today: date | None = None) -> int:
    """Queue new papers for every meeting still to come whose latest papers no longer match its
    agenda or members (the agenda changed after they were made). The number queued."""
    today = today or timezone.localdate()
    upcoming = Meeting.objects.filter(held_on__gte=today, papers__isnull=False).exclude(status="cancelled")
    queued = 0
    for meeting_id in set(upcoming.values_list("pk", flat=True)):
        with transaction.atomic():  # one meeting at a time, as papers_request does
            meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
            latest = MeetingPapers.objects.filter(meeting=meeting).order_by("-requested_at", "-id").first()
            inputs = current_inputs(meeting)
            if latest is not None and latest.inputs_sha256 != inputs:
                MeetingPapers.objects.create(meeting=meeting, inputs_sha256=inputs, requested_by=None)
                queued += 1
    return queued


def sweep() -> int:
    """Beat's render sweep, for papers: queue again the papers of meetings whose agenda changed,
    take back those left by a dead worker, then hand over every one never handed over or handed
    over too long ago. The number handed over."""
    now = timezone.now()
    refresh_stale()
    _take_back(now)
    wait = _ago(now, float(settings.CRAG_RENDER_WAIT_SECONDS))
    due = MeetingPapers.objects.filter(state=State.QUEUED).filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=wait)
    )
    handed = 0
    for papers_id in due.order_by("requested_at").values_list("pk", flat=True):
        if not nudge(papers_id):
            break
        handed += 1
    return handed


def render_pdf(content: dict[str, Any]) -> bytes:
    """The tagged (PDF/UA-1), A4 PDF of the papers; it may fetch only the app's static files."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import FatalURLFetchingError

    fetcher = url_fetcher()
    base_url = static_roots()[0].as_uri() + "/"
    html = render_to_string(TEMPLATE, content)
    stylesheet = CSS(string=render_to_string(STYLESHEET), base_url=base_url, url_fetcher=fetcher)
    try:
        pdf = HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
            stylesheets=[stylesheet], pdf_variant="pdf/ua-1"
        )
    except FatalURLFetchingError as refused:
        raise RefusedURLError(str(refused.__cause__ or refused)) from None
    return bytes(pdf)


STORE_FULL_REASON = (
    "The papers could not be saved because the document store is full. "
    "Tell your administrator, then try again."
)


def render(papers_id: int) -> bool:
    """Make one queued set of papers (the worker's task). False when there was nothing to do."""
    now = timezone.now()
    claimed = (
        MeetingPapers.objects.filter(pk=papers_id, attempts__lt=settings.CRAG_RENDER_MAX_ATTEMPTS)
        .filter(Q(state=State.QUEUED) | _dead(now))
        .update(state=State.RENDERING, started_at=now, error="", attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    attempt = MeetingPapers.objects.values_list("attempts", flat=True).get(pk=papers_id)
    mine = MeetingPapers.objects.filter(pk=papers_id, state=State.RENDERING, attempts=attempt)
    record = MeetingPapers.objects.select_related("meeting").get(pk=papers_id)
    try:
        pdf = render_pdf(contents(record.meeting))
    except Exception as failure:
        logger.exception("meeting papers %s failed", papers_id)
        mine.update(
            state=State.FAILED,
            error=f"{type(failure).__name__}: {failure}"[:1000],
            finished_at=timezone.now(),
        )
        return True
    digest = hashlib.sha256(pdf).hexdigest()
    storage = record.file.storage
    try:
        name = storage.save(
            record.file.field.generate_filename(record, f"meeting-{record.meeting_id}-{digest[:16]}.pdf"),
            ContentFile(pdf),
        )
    except OSError as error:
        if not store_is_full(error):
            raise
        # The storage removed what it wrote; failing now keeps the sweep from retrying into the
        # same full disk.
        logger.error("Document store full: meeting papers %s could not be saved (%s)", papers_id, error)
        mine.update(state=State.FAILED, error=STORE_FULL_REASON, finished_at=timezone.now())
        return True
    stored = mine.update(
        file=name, sha256=digest, size=len(pdf), state=State.DONE, finished_at=timezone.now()
    )
    if not stored:  # taken over while rendering: the other attempt's result stands
        storage.delete(name)
    return True


def progress(record: MeetingPapers, current: str) -> dict[str, Any]:
    """What the papers page shows of one render: its state in words and whether it is current."""
    now = timezone.now()
    label = {State.DONE: "Ready to download", State.FAILED: "Failed"}.get(State(record.state), "")
    stalled = False
    if record.state == State.QUEUED:
        label = f"Waiting for the worker since {timezone.localtime(record.requested_at):%H:%M}"
        stalled = record.requested_at < _ago(now, float(settings.CRAG_RENDER_WAIT_SECONDS))
    elif record.state == State.RENDERING:
        label = f"Being made since {timezone.localtime(record.started_at or record.requested_at):%H:%M}"
    return {
        "state": record.state,
        "label": label,
        "error": record.error,
        "stalled": stalled,
        "current": record.inputs_sha256 == current,
    }
