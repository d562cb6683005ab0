"""gunicorn settings for crag-web.service (`--config python:...` is not used: a file path keeps
deploy/ self-contained). With PROMETHEUS_MULTIPROC_DIR set (the unit sets it to its runtime
directory, emptied by systemd at each start), every gunicorn worker writes its metrics there and
/metrics gathers them all (crag/metrics.py); a worker that exits is marked dead so its live gauges
stop counting."""

import os
from typing import Any

from prometheus_client import multiprocess


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
