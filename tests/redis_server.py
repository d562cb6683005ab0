"""A Redis of a test's own, to stop and start: outages are tested against a real server going away,
not a mock. The throwaway Redis of scripts/with_services.sh is shared by the whole run, so a test
that stops Redis starts its own (on a free loopback port, no persistence) and points the setting
it is about (the cache, the broker) at it.

    with OwnRedis() as redis:
        ...            # redis.url("0") is reachable
        redis.stop()   # now it is not (the port stays free for the restart)
        redis.start()  # and now it is again, empty
"""

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

import redis as redis_client

STARTUP_SECONDS = 30.0  # a ceiling for a busy machine; start() returns as soon as Redis answers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class OwnRedis:
    def __init__(self) -> None:
        self.port = free_port()
        self._dir = Path(tempfile.mkdtemp(prefix="crag-own-redis-"))
        self._process: subprocess.Popen[bytes] | None = None

    def url(self, db: str = "0") -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        if self._process is not None:
            return
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", ""]
        command += ["--appendonly", "no", "--dir", str(self._dir)]
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self.answers():
            if self._process.poll() is not None:
                raise RuntimeError(f"redis-server exited with status {self._process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not answer within {STARTUP_SECONDS:.0f} s")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server and wait until it is gone (a connection is then refused)."""
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=STARTUP_SECONDS)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def answers(self) -> bool:
        try:
            return bool(redis_client.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis_client.RedisError:
            return False

    def __enter__(self) -> "OwnRedis":
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()
        shutil.rmtree(self._dir, ignore_errors=True)
