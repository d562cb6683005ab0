"""Kill -9 a real Celery worker on the real Redis in the middle of a batch of reminders, start
another, and count at the outbox table: none lost, none sent twice.

CRAG_KILL_TRIALS=N repeats the trial N times (scripts/kill_trial.py N does that).
"""

import os
import sys
import time

import pytest
from django.conf import settings

from notifications.tests.reliability import SIZES, Attempt, run_trial


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_loses_and_duplicates_no_reminder(make_user):
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "make test provides a real Redis"
    trials = int(os.environ.get("CRAG_KILL_TRIALS", "1"))
    recipients = [make_user() for _ in range(5)]
    started = time.monotonic()
    attempts: list[Attempt] = []
    _say("")
    for i in range(1, trials + 1):
        a = run_trial(recipients)
        attempts.append(a)
        _say(
            f"trial {i}: total {a.total}, sent before kill {a.sent_before_kill}, lost {a.lost}, "
            f"duplicated {a.duplicated} (in flight at kill {a.in_flight}, still queued {a.queued}, "
            f"requeued by sweep {a.requeued}, repeats refused by outbox {a.repeats_refused}, "
            f"{a.seconds:.1f} s)"
        )
    lost = sum(a.lost for a in attempts)
    duplicated = sum(a.duplicated for a in attempts)
    refused = sum(a.repeats_refused for a in attempts)
    _say(
        f"kill trials: {trials}, lost {lost}, duplicated {duplicated}, "
        f"repeats refused {refused}, {time.monotonic() - started:.1f} s"
    )
    assert all(a.mid_batch for a in attempts), f"a kill did not land mid-batch even with {SIZES[-1]}"
    assert (lost, duplicated, refused) == (0, 0, 0)
