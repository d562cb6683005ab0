"""`make run` serves the demo on CRAG_PORT, and the links it sends (reminder emails, the calendar
feed) point at that port too: scripts/run_demo.sh sets CRAG_BASE_URL from CRAG_HOST and CRAG_PORT
unless it is given (issue 12, item 11). The environment step is run on its own, serving nothing."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
# What Django makes of the demo's environment: the address it puts in emails and the feed.
PRINT_BASE_URL = (
    ". scripts/demo_env.sh && exec .venv/bin/python manage.py shell --no-imports -c "
    '"from django.conf import settings; print(settings.CRAG_BASE_URL)"'
)


def demo_base_url(**variables: str) -> str:
    environment = {"PATH": os.environ["PATH"], **variables}
    done = subprocess.run(
        ["/bin/bash", "-c", PRINT_BASE_URL],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"CRAG_PORT": "8123"}, "http://127.0.0.1:8123"),
        ({"CRAG_HOST": "localhost", "CRAG_PORT": "9000"}, "http://localhost:9000"),
        # Listening on every address: links still need one that a browser can open.
        ({"CRAG_HOST": "0.0.0.0", "CRAG_PORT": "8123"}, "http://127.0.0.1:8123"),  # noqa: S104
        ({"CRAG_PORT": "8123", "CRAG_BASE_URL": "https://crag.test"}, "https://crag.test"),
    ],
)
def test_the_demo_links_point_at_the_port_it_serves_on(variables, expected):
    assert demo_base_url(**variables) == expected


def test_the_demo_script_and_the_web_process_use_the_environment_step():
    script = (ROOT / "scripts" / "run_demo.sh").read_text()
    [web] = [line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:")]

    assert "source scripts/demo_env.sh" in script
    assert "${CRAG_HOST:-127.0.0.1}:${CRAG_PORT:-8000}" in web  # the defaults of demo_env.sh
