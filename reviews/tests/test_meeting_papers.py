"""A meeting's papers: one PDF with the agenda, the members by name and agency and each item's
summary, children by pseudonym and never their identity; made again when the agenda changes; for
the meeting's members and CRAG only; and made by a real worker."""

import io
import time
from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from crag import roles
from crag.models import AuditEvent
from crag.tests.factories import AgencyFactory
from notifications.tests.reliability import _purge_broker
from reviews.meetings import papers as meeting_papers
from reviews.models import Child, MeetingPapers
from reviews.tests.factories import IncidentFactory, RapidReviewFactory
from reviews.tests.factories_meetings import (
    AgendaItemFactory,
    MeetingFactory,
    MeetingMemberFactory,
    ReferralFactory,
)
from reviews.tests.render_trial import render_env, worker

State = MeetingPapers.State
LEGAL_NAME = "Amelia Fictional-Surname"


@pytest.fixture
def meeting(make_user):
    meeting = MeetingFactory(held_on=date(2025, 2, 4), title="CRAG meeting")
    police = AgencyFactory(name="County Police")
    MeetingMemberFactory(
        meeting=meeting, user=make_user(roles.AGENCY_ACTION_LEAD, full_name="Sam Officer", agency=police)
    )
    child = Child.objects.create(pseudonym="Child Q", legal_name=LEGAL_NAME, date_of_birth=date(2019, 7, 23))
    referral = ReferralFactory.create(reference="REF-2025-042")
    referral.children.add(child)
    AgendaItemFactory(
        meeting=meeting,
        number=1,
        kind="referral",
        title="Referral awaiting screening",
        referral=referral,
        summary="Fracture in a baby; the health trust referred on 13 January.",
    )
    rapid_review = RapidReviewFactory.create(incident=IncidentFactory.create(reference="INC-2025-007"))
    rapid_review.incident.children.add(child)
    AgendaItemFactory(
        meeting=meeting,
        number=2,
        kind="rapid_review_decision",
        title="Rapid Review decision",
        rapid_review=rapid_review,
    )
    return meeting


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.django_db
def test_the_papers_hold_agenda_members_and_summaries_with_children_by_pseudonym_only(meeting):
    text = pdf_text(meeting_papers.render_pdf(meeting_papers.contents(meeting)))
    for expected in ("Agenda", "Referral awaiting screening", "REF-2025-042", "INC-2025-007", "Sam Officer"):
        assert expected in text
    assert "County Police" in text
    assert "Fracture in a baby" in text
    assert "Child Q" in text
    assert "Amelia" not in text
    assert "Fictional-Surname" not in text
    assert "2019" not in text  # the date of birth, in any form


@pytest.mark.django_db
def test_the_same_agenda_reuses_the_papers_and_a_changed_one_makes_new(
    meeting, make_user, django_capture_on_commit_callbacks
):
    chair = make_user(roles.CRAG_CHAIR)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = meeting_papers.papers_request(actor=chair, meeting=meeting)
        again = meeting_papers.papers_request(actor=chair, meeting=meeting)
    assert (first.pk, len(queued)) == (again.pk, 1)
    AgendaItemFactory(meeting=meeting, number=3, title="Any other business")
    assert meeting_papers.current_inputs(meeting) != first.inputs_sha256
    with django_capture_on_commit_callbacks(execute=False):
        changed = meeting_papers.papers_request(actor=chair, meeting=meeting)
    assert changed.pk != first.pk


@pytest.mark.django_db
def test_a_failed_render_says_why_and_is_not_taken_again(
    meeting, make_user, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(content):
        raise ValueError("the template is missing")

    monkeypatch.setattr(meeting_papers, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=False):
        record = meeting_papers.papers_request(actor=make_user(roles.CRAG_CHAIR), meeting=meeting)
    assert meeting_papers.render(record.pk) is True
    record.refresh_from_db()
    assert (record.state, record.error) == (State.FAILED, "ValueError: the template is missing")
    assert meeting_papers.render(record.pk) is False


@pytest.mark.django_db
def test_papers_left_by_a_dead_worker_are_taken_again(meeting):
    record = MeetingPapers.objects.create(
        meeting=meeting, inputs_sha256="x", state=State.RENDERING, started_at=timezone.now()
    )
    assert meeting_papers.render(record.pk) is False  # a live worker is on it
    MeetingPapers.objects.filter(pk=record.pk).update(
        started_at=timezone.now() - timezone.timedelta(minutes=10)
    )
    meeting_papers.sweep()
    assert MeetingPapers.objects.get(pk=record.pk).state == State.QUEUED


@pytest.mark.django_db
def test_only_members_and_crag_see_the_papers(meeting, make_user, sign_in):
    record = MeetingPapers.objects.create(meeting=meeting, inputs_sha256="x")
    member = meeting.members.get().user
    outsider = make_user(roles.AGENCY_ACTION_LEAD, agency=AgencyFactory())
    for user, status in ((member, 200), (make_user(roles.CRAG_CHAIR), 200), (outsider, 404)):
        client = sign_in(Client(), user)
        assert client.get(f"/meetings/{meeting.pk}/papers/").status_code == status
        assert (
            client.get(f"/meetings/{meeting.pk}/papers/{record.pk}/download/").status_code == 404
        )  # not made yet
    assert sign_in(Client(), member).post(f"/meetings/{meeting.pk}/papers/").status_code == 403


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_papers_and_a_member_downloads_them(meeting, make_user, sign_in, tmp_path):
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "make test provides a real Redis"
    chair = sign_in(Client(), make_user(roles.CRAG_CHAIR))
    _purge_broker()
    assert chair.post(f"/meetings/{meeting.pk}/papers/").status_code == 302
    record = MeetingPapers.objects.get(meeting=meeting)
    assert "Waiting for the worker" in chair.get(f"/meetings/{meeting.pk}/papers/").content.decode()
    process = worker(render_env(settings.CELERY_BROKER_URL), tmp_path / "worker.log")
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            record.refresh_from_db()
            if record.state in (State.DONE, State.FAILED):
                break
            time.sleep(0.3)
    finally:
        process.stop()
    assert record.state == State.DONE, (record.error, (tmp_path / "worker.log").read_text()[-3000:])
    member = sign_in(Client(), meeting.members.get().user)
    page = member.get(f"/meetings/{meeting.pk}/papers/").content.decode()
    assert "Download the papers" in page
    response = member.get(f"/meetings/{meeting.pk}/papers/{record.pk}/download/")
    pdf = b"".join(response.streaming_content)
    text = pdf_text(pdf)
    assert "Child Q" in text
    assert LEGAL_NAME.split()[0] not in text
    assert AuditEvent.objects.filter(kind="export", detail__what__icontains="papers").exists()


@pytest.mark.django_db
def test_the_sweep_makes_new_papers_when_a_coming_meetings_agenda_changes(meeting, monkeypatch):
    monkeypatch.setattr(meeting_papers, "nudge", lambda papers_id: True)
    Meeting = type(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(held_on=timezone.localdate() + timezone.timedelta(days=7))
    meeting.refresh_from_db()
    made = MeetingPapers.objects.create(
        meeting=meeting, inputs_sha256=meeting_papers.current_inputs(meeting), state=State.DONE
    )
    meeting_papers.sweep()
    assert list(MeetingPapers.objects.filter(meeting=meeting)) == [made]  # unchanged: nothing new
    AgendaItemFactory(meeting=meeting, number=3, title="Any other business")
    meeting_papers.sweep()
    fresh = MeetingPapers.objects.filter(meeting=meeting).exclude(pk=made.pk).get()
    assert (fresh.state, fresh.inputs_sha256) == (State.QUEUED, meeting_papers.current_inputs(meeting))
    meeting_papers.sweep()
    assert MeetingPapers.objects.filter(meeting=meeting).count() == 2  # queued once


@pytest.mark.django_db
def test_papers_whose_file_is_missing_from_the_store_answer_404_and_are_never_cached(meeting, sign_in):
    from django.core.files.base import ContentFile

    record = MeetingPapers.objects.create(meeting=meeting, inputs_sha256="x", state=State.DONE)
    record.file.save("papers.pdf", ContentFile(b"%PDF-1.7 papers"))
    member = sign_in(Client(), meeting.members.get().user)
    url = f"/meetings/{meeting.pk}/papers/{record.pk}/download/"

    served = member.get(url)
    assert served.status_code == 200
    assert "no-store" in served["Cache-Control"]
    record.file.storage.delete(record.file.name)
    assert member.get(url).status_code == 404  # a restore without its files: not a 500
