#!/usr/bin/env python3
"""Repeat the worker kill trial N times and print how many reminders were lost or duplicated.

Usage: scripts/kill_trial.py [N]    (N defaults to 20)

Each trial (notifications/tests/reliability.py) queues a batch of reminders on a throwaway Redis,
kill -9s a real `celery worker` in the middle of the batch, starts another, and counts the outbox
table: every reminder must have exactly one message. This runs
notifications/tests/test_worker_reliability.py through scripts/with_services.sh (throwaway
PostgreSQL and Redis) with CRAG_KILL_TRIALS=N, streams its output (a line per trial, then
"kill trials: N, lost L, duplicated D, ..."), and exits with pytest's status. Standard library only.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST = "notifications/tests/test_worker_reliability.py"


def main(argv: list[str]) -> int:
    if len(argv) > 1 or (argv and not argv[0].isdigit()) or (argv and int(argv[0]) < 1):
        sys.stderr.write(f"usage: {sys.argv[0]} [N]  (N >= 1 trials, default 20)\n")
        return 2
    trials = int(argv[0]) if argv else 20
    command = ["scripts/with_services.sh", "scripts/pytest.sh", TEST, "-q", "-s", "-p", "no:randomly"]
    started = time.monotonic()
    status = subprocess.call(command, cwd=ROOT, env=os.environ | {"CRAG_KILL_TRIALS": str(trials)})  # noqa: S603
    sys.stdout.write(
        f"kill_trial.py: {trials} trials, exit status {status}, {time.monotonic() - started:.0f} s\n"
    )
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
