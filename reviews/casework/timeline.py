"""A review's timeline: decision, commissioning, pauses, drafts, sign-off, notices, publication."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone

from reviews import clocks
from reviews.choices import DocumentKind
from reviews.models import Meeting, Review, ReviewDocument


@dataclass(frozen=True)
class Entry:
    on: date
    title: str
    detail: str = ""
    planned: bool = False  # a date still to come (the earliest removal date)
    minutes: str = ""  # the minutes of the meeting where it was decided


def timeline(review: Review, documents: list[ReviewDocument] | None = None) -> list[Entry]:
    """Every dated step of the review, oldest first (from the prefetched relations)."""
    entries = [Entry(review.decision_on, "Decision to initiate the review")]
    changes = list(review.status_changes.all())
    # One query for the meetings where moves were decided (the page's prefetch does not hold them).
    meetings = Meeting.objects.in_bulk({c.meeting_id for c in changes if c.meeting_id is not None})
    for change in changes:
        who = f"{change.note} ({change.changed_by.full_name})" if change.note else change.changed_by.full_name
        meeting = meetings.get(change.meeting_id) if change.meeting_id is not None else None
        where = f"decided at the CRAG meeting of {meeting.held_on:%-d %B %Y}" if meeting else ""
        entries.append(
            Entry(
                change.on,
                f"{change.get_to_status_display()}",
                f"{who}; {where}" if where else who,
                minutes=reverse("reviews:meeting_minutes", args=[meeting.pk]) if meeting else "",
            )
        )
    for process in review.parallel_processes.all():
        blocks = f"; holds up {', '.join(process.blocks)}" if process.blocks else ""
        entries.append(Entry(process.started_on, f"{process.get_kind_display()} began", blocks.lstrip("; ")))
        if process.ended_on:
            entries.append(Entry(process.ended_on, f"{process.get_kind_display()} ended"))
    for document in documents or []:
        if document.kind in (DocumentKind.DRAFT, DocumentKind.FINAL_REPORT):
            entries.append(Entry(document.uploaded_at.date(), f"{document.get_kind_display()} uploaded"))
    for field, words in (
        ("panel_notice_on", "Final report sent to the Panel"),
        ("secretary_of_state_notice_on", "Final report sent to the Secretary of State"),
        ("ofsted_notice_on", "Final report sent to Ofsted"),
        ("delay_reason_sent_on", "Reason for delay sent to the Panel and the Secretary of State"),
    ):
        value = getattr(review, field)
        if value:
            entries.append(Entry(value, words))
    if review.published_on:
        removal = clocks.Day(timezone.localdate()).clock(clocks.EARLIEST_REMOVAL, review)
        if removal is not None:
            entries.append(Entry(removal.due, clocks.EARLIEST_REMOVAL.label, planned=True))
    # Status changes already record sign-off and publication, with who did it.
    return sorted(entries, key=lambda e: e.on)
