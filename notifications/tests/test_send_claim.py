"""The email claim protocol: the claim is committed before the mail server is contacted, the
reminder is marked sent right after its reply, a claim whose worker died is resolved by the sweep
(re-sent with the same Message-ID), and a failure before the reply releases the claim."""

import smtplib
import threading
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, ClassVar

import pytest
import time_machine
from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.utils import timezone

from notifications import services
from notifications.models import OutboundEmail, Reminder

HERE = "notifications.tests.test_send_claim"


class Died(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs, no handler catches it."""


class RecordingBackend(BaseEmailBackend):
    """A mail server that accepts everything; what it got, by Message-ID, lives on the class."""

    received: ClassVar[list[str]] = []

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            self.received.append(str(message.extra_headers["Message-ID"]))
        return len(email_messages)


class DiesAfterReplyBackend(RecordingBackend):
    """The server accepted the message (it replied 250), then the worker died before its commit."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        super().send_messages(email_messages)
        raise Died


class RefusedBackend(BaseEmailBackend):
    """The mail server is away: the connection fails before any reply to the data."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise smtplib.SMTPConnectError(421, b"Service not available")


class SeenFromOutsideBackend(RecordingBackend):
    """While "talking to the mail server", look at the reminder from another database connection:
    only what was committed is visible there."""

    seen: ClassVar[list[tuple[Any, Any]]] = []

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        pk = int(str(email_messages[0].extra_headers["Message-ID"]).split("-")[1])

        def look() -> None:
            try:
                self.seen.append(Reminder.objects.values_list("claimed_at", "sent_at").get(pk=pk))
            finally:
                connection.close()

        thread = threading.Thread(target=look)
        thread.start()
        thread.join()
        return super().send_messages(email_messages)


def use_backend(settings: Any, backend: type[BaseEmailBackend]) -> None:
    settings.MAILERS = {"default": {"BACKEND": f"{HERE}.{backend.__name__}", "OPTIONS": {}}}


@pytest.fixture(autouse=True)
def _fresh_server() -> None:
    RecordingBackend.received = []
    SeenFromOutsideBackend.seen = []


@pytest.fixture
def reminder(make_user) -> Reminder:
    return Reminder.objects.create(
        subject_type="incident",
        subject_id=1,
        clock="panel_notification",
        stage="recorded",
        recipient=make_user("CRAG member"),
        due_on=date(2030, 1, 15),
        title="Notify the Panel: INC-1",
        url="/incidents/1/",
    )


def stale_claim_later() -> Any:
    """A moment when a claim made now is stale: its worker's time limits have long passed."""
    later = timezone.now() + settings.CRAG_REMINDER_CLAIM_STALE_AFTER + settings.CRAG_REMINDER_REQUEUE_AFTER
    return time_machine.travel(later, tick=True)


@pytest.mark.django_db(transaction=True)
def test_the_claim_is_committed_before_the_mail_server_is_contacted(reminder, settings):
    use_backend(settings, SeenFromOutsideBackend)

    assert services.send_reminder(reminder_id=reminder.pk) is True

    [(claimed_at, sent_at)] = SeenFromOutsideBackend.seen
    assert claimed_at is not None, "another connection must see the claim while the server is talked to"
    assert sent_at is None, "not marked sent before the server replied"
    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    assert reminder.sent_at >= claimed_at


def test_a_send_cut_off_after_the_reply_is_resent_by_the_sweep_with_the_same_message_id(reminder, settings):
    use_backend(settings, DiesAfterReplyBackend)
    services.reminders_to_queue()
    with pytest.raises(Died):
        services.send_reminder(reminder_id=reminder.pk)

    reminder.refresh_from_db()
    assert reminder.claimed_at is not None, "the claim outlives the worker"
    assert reminder.sent_at is None
    # While the claim is fresh its worker may still be talking to the server: leave it alone.
    assert services.reminders_to_queue() == []

    use_backend(settings, RecordingBackend)
    with stale_claim_later():
        assert services.reminders_to_queue() == [reminder.pk]
        assert services.send_reminder(reminder_id=reminder.pk) is True

    assert RecordingBackend.received == [reminder.message_id, reminder.message_id]
    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    assert services.reminders_to_queue() == []


def test_a_redelivered_task_does_not_send_a_reminder_another_worker_is_sending(reminder, settings):
    use_backend(settings, RecordingBackend)
    Reminder.objects.filter(pk=reminder.pk).update(claimed_at=timezone.now())

    assert services.send_reminder(reminder_id=reminder.pk) is False
    assert RecordingBackend.received == []


def test_a_mail_server_failure_before_its_reply_releases_the_claim_and_marks_nothing_sent(reminder, settings):
    use_backend(settings, RefusedBackend)
    services.reminders_to_queue()

    assert services.send_reminder(reminder_id=reminder.pk) is False

    reminder.refresh_from_db()
    assert (reminder.claimed_at, reminder.sent_at) == (None, None)
    # Released for the very next sweep, not after the re-queue period.
    assert services.reminders_to_queue() == [reminder.pk]
    use_backend(settings, RecordingBackend)
    assert services.send_reminder(reminder_id=reminder.pk) is True
    assert RecordingBackend.received == [reminder.message_id]


def test_a_ten_minute_mail_outage_is_ridden_out_by_the_sweep(reminder, settings):
    """No retry budget to run out: every sweep during the outage tries again, and the first sweep
    after it sends."""
    use_backend(settings, RefusedBackend)
    start = timezone.now()
    sweeps = 10 * 60 // settings.CRAG_SWEEP_SECONDS + 1
    for n in range(sweeps):
        with time_machine.travel(start + n * timedelta(seconds=settings.CRAG_SWEEP_SECONDS)):
            assert services.reminders_to_queue() == [reminder.pk], f"sweep {n} did not try again"
            assert services.send_reminder(reminder_id=reminder.pk) is False

    use_backend(settings, RecordingBackend)
    with time_machine.travel(start + sweeps * timedelta(seconds=settings.CRAG_SWEEP_SECONDS)):
        assert services.reminders_to_queue() == [reminder.pk]
        assert services.send_reminder(reminder_id=reminder.pk) is True
    assert RecordingBackend.received == [reminder.message_id]


def test_a_withdrawn_reminder_is_not_sent_even_when_its_stale_claim_is_resolved(reminder, settings):
    use_backend(settings, DiesAfterReplyBackend)
    with pytest.raises(Died):
        services.send_reminder(reminder_id=reminder.pk)
    Reminder.objects.filter(pk=reminder.pk).update(withdrawn_at=timezone.now())

    use_backend(settings, RecordingBackend)
    with stale_claim_later():
        assert services.reminders_to_queue() == []
        assert services.send_reminder(reminder_id=reminder.pk) is False
    assert RecordingBackend.received == [reminder.message_id]  # only the first, cut-off send


def test_the_demo_outbox_folds_a_message_sent_again_into_the_one_it_has(reminder, settings):
    """outbox:// stores a repeat as a mail client shows it: once, by its Message-ID."""
    settings.MAILERS = {"default": {"BACKEND": "notifications.mail.OutboxBackend", "OPTIONS": {}}}
    assert services.send_reminder(reminder_id=reminder.pk) is True
    Reminder.objects.filter(pk=reminder.pk).update(sent_at=None, claimed_at=None)  # as if cut off

    assert services.send_reminder(reminder_id=reminder.pk) is True

    assert list(OutboundEmail.objects.values_list("message_id", flat=True)) == [reminder.message_id]
