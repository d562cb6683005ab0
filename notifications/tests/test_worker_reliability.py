"""Kill -9 real Celery mail workers sending to a real SMTP server: once right after the server
accepted a message (before the worker could record it), once at random; a new worker and the
sweep recover. Nothing is lost; the only duplicates are messages the server had accepted from a
worker that died before its commit, sent again with the same Message-ID.

CRAG_KILL_TRIALS=N repeats the trial N times; CRAG_KILL_TIMING=production waits as production
does (scripts/kill_trial.py N [--production-timing] does both).
"""

import os
import sys

import pytest
from django.conf import settings

from notifications.tests.reliability import SHORT, production, run_trials


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_killed_mail_workers_lose_nothing_and_duplicate_only_what_the_server_had_accepted(make_user):
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "make test provides a real Redis"
    trials = int(os.environ.get("CRAG_KILL_TRIALS", "1"))
    timing = production() if os.environ.get("CRAG_KILL_TIMING") == "production" else SHORT
    recipients = [make_user() for _ in range(5)]
    _say("")
    attempts = run_trials(recipients, timing, trials, _say)

    lost = sum(a.lost for a in attempts)
    duplicated = sum(len(a.duplicated) for a in attempts)
    windows = sorted(w for a in attempts for w in a.windows_ms)
    recovered = [s for a in attempts for s in a.recovered]
    _say(
        f"kill trials: {trials} ({timing.name} timing, {2 * trials} kills), lost {lost}, "
        f"duplicated {duplicated}, outside a kill's window {sum(len(a.unexplained) for a in attempts)}; "
        f"longest recovery {max(recovered):.1f} s; reply-to-commit window max {windows[-1]:.1f} ms"
    )
    assert lost == 0
    assert all(not a.unexplained for a in attempts), "a duplicate that no kill's cut-off claim explains"
    # The adversarial kill lands in the window every time: its message is accepted, then repeated.
    for a in attempts:
        adversarial = a.kills[0]
        assert a.accepted_in_flight(adversarial), f"the kill after the reply cut off nothing: {a}"
