#!/usr/bin/env python3
"""Kill real mail workers in the middle of sending reminders and print what was lost, what was
sent twice, and how long recovery took.

Usage: scripts/kill_trial.py [N] [--production-timing]    (N trials, default 20)

Each trial (notifications/tests/reliability.py) queues a batch of reminders on a throwaway Redis
for a real `celery worker -Q mail` that sends them to a real SMTP server (aiosmtpd, on a loopback
port) counting Message-IDs. The server kills the worker's whole process group (SIGKILL) right
after replying 250 to a message's data (the adversarial moment: accepted, not yet recorded); a
second worker is killed at a random moment; a third worker and the sweep recover. It prints, per
trial and in total: lost (never accepted, or never marked sent), duplicated (Message-IDs accepted
more than once, and whether a kill's cut-off claim explains each), the time from each kill to
every reminder sent, and the window between the server's reply and the mark "sent".

By default recovery is shortened (a 5 s visibility timeout; claims stale and re-queues after 4 s;
a sweep every second) so a trial takes seconds; one such trial runs in `make test`.
--production-timing keeps production's settings (the broker's visibility timeout,
CRAG_REMINDER_REQUEUE_MINUTES, the stale-claim period, a sweep every CRAG_SWEEP_SECONDS): about 20
minutes a trial. This runs notifications/tests/test_worker_reliability.py through
scripts/with_services.sh (throwaway PostgreSQL and Redis) and exits with pytest's status.
Standard library only.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST = "notifications/tests/test_worker_reliability.py"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Kill mail workers mid-send; count lost and duplicated.")
    parser.add_argument("trials", nargs="?", type=int, default=20, help="number of trials (default 20)")
    parser.add_argument(
        "--production-timing",
        action="store_true",
        help="wait as production does (visibility timeout, re-queue and stale-claim periods, sweep interval)",
    )
    args = parser.parse_args(argv)
    if args.trials < 1:
        parser.error("N must be at least 1")
    env = os.environ | {"CRAG_KILL_TRIALS": str(args.trials)}
    if args.production_timing:
        env["CRAG_KILL_TIMING"] = "production"
    command = ["scripts/with_services.sh", "scripts/pytest.sh", TEST, "-q", "-s", "-p", "no:randomly"]
    started = time.monotonic()
    status = subprocess.call(command, cwd=ROOT, env=env)  # noqa: S603
    timing = "production" if args.production_timing else "short"
    sys.stdout.write(
        f"kill_trial.py: {args.trials} trials ({timing} timing), exit status {status}, "
        f"{time.monotonic() - started:.0f} s\n"
    )
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
