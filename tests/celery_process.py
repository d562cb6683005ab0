"""A real Celery process for the fault trials (the render kills, the mail worker's kill trial):
started like production, in its own session so that one signal reaches the main process and its
prefork pool together."""

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class CeleryProcess:
    """`celery -A crag ARGS`, its output appended to `log`."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        command = [sys.executable, "-m", "celery", "-A", "crag", *args]
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def children(self) -> list[int]:
        """The pids of this process's children (the prefork pool), from /proc."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError):
                # The command name in field 2 may hold spaces; the fields after its ")" are plain.
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.pid:
                    found.append(int(entry.name))
        return found

    def kill(self) -> None:
        """kill -9 the process and its children together: nothing gets to clean up."""
        self._signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

    def _signal(self, sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, sig)
