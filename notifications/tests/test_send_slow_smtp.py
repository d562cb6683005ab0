"""A mail server that takes the data and does not answer holds up only the mail worker: the sweep
(on the default queue, its own worker) still records the bell's reminders (issue 14, item 4)."""

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from crag import roles
from notifications import tasks
from notifications.models import Reminder
from notifications.tests.reliability import SHORT, Worker, _make_reminders, smtp_sink
from notifications.tests.test_sweep import record_incident


def wait_for(condition: Callable[[], bool], what: str, *workers: Worker, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        logs = "\n".join(w.log.read_text()[-1500:] for w in workers)
        assert time.monotonic() < deadline, f"{what} within {limit:.0f} s\n{logs}"
        time.sleep(0.05)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_does_not_answer_does_not_hold_up_the_sweep(make_user):
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "make test provides a real Redis"
    chair, member = make_user(roles.CRAG_CHAIR), make_user(roles.CRAG_MEMBER)
    with smtp_sink() as sink, tempfile.TemporaryDirectory(prefix="slow-smtp-") as tmp:
        sink.gate.clear()
        # More emails than the mail worker has processes: every one of them is left waiting.
        for pk in [r.pk for r in _make_reminders([member], 4)]:
            tasks.send_reminder.delay(pk)
        workers = [Worker(Path(tmp) / f"{q}.log", sink, SHORT, queue=q) for q in ("mail", "celery")]
        try:
            wait_for(lambda: sink.held >= 2, "the mail worker did not reach the server", *workers)
            incident = record_incident(chair, timezone.localdate())

            tasks.sweep_deadlines.delay()
            # Well within the 30 s the old SMTP timeout let a silent server hold each process.
            wait_for(
                lambda: Reminder.objects.filter(clock="panel_notification", subject_id=incident.pk).exists(),
                "the sweep did not run while the mail server was silent",
                *workers,
                limit=20,
            )
            assert sink.count() == 0, "the sweep ran only after the mail server answered"

            sink.gate.set()
            wait_for(
                lambda: not Reminder.objects.filter(sent_at__isnull=True).exists(),
                "the held emails and the sweep's were not sent once the server answered",
                *workers,
            )
        finally:
            for worker in workers:
                worker.stop()
