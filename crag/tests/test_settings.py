"""Production start-up refuses to run without its required variables."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = ("DJANGO_SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_ALLOWED_HOSTS")
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x" * 60,
    "DATABASE_URL": "postgres://crag:crag@127.0.0.1:5/crag",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6/0",
    "DJANGO_ALLOWED_HOSTS": "crag.example",
}


def load_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    return subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SECRET_KEY[:1])"],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "crag.settings"} | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_settings_load_with_every_production_variable():
    assert load_settings(PRODUCTION).returncode == 0


@pytest.mark.parametrize("missing", REQUIRED)
def test_start_up_fails_naming_the_missing_production_variable(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}

    result = load_settings(env)

    assert result.returncode != 0
    assert missing in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_demo_defaults_apply_only_with_debug_on():
    result = load_settings({"DJANGO_DEBUG": "true"})
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_load_with_the_second_factor_switched_off():
    """gunicorn and the worker run no system checks: the settings themselves refuse (issue 12)."""
    result = load_settings(PRODUCTION | {"CRAG_REQUIRE_MFA": "false"})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "CRAG_REQUIRE_MFA" in result.stderr


def test_the_demo_may_switch_the_second_factor_off():
    result = load_settings({"DJANGO_DEBUG": "true", "CRAG_REQUIRE_MFA": "false"})
    assert result.returncode == 0, result.stderr
