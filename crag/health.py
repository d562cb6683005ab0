"""Checks for /healthz: the database and the Celery broker, and a registry for the rest.

crag imports no domain app, so the apps above it report through the registry: each registers a
check in its AppConfig.ready (notifications: the deadline sweep's age; reviews: missing documents)
and /healthz includes every registered check's result under its name.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from kombu import Connection

logger = logging.getLogger(__name__)

HealthCheck = Callable[[], dict[str, object]]
"""A check: returns a JSON-serialisable dict with at least "ok": bool (True when healthy)."""

RESERVED_NAMES = frozenset({"status", "database", "broker"})
_checks: dict[str, HealthCheck] = {}


def register(name: str, check: HealthCheck) -> None:
    """Add a check to /healthz under `name` (registering a name again replaces its check)."""
    if name in RESERVED_NAMES:
        raise ValueError(f"{name!r} is a key /healthz already uses")
    _checks[name] = check


def registered_names() -> list[str]:
    return sorted(_checks)


def run_registered() -> dict[str, dict[str, object]]:
    """Every registered check's result by name. A check that raises is reported as not ok (the
    exception goes to the log, not to the unauthenticated caller)."""
    results: dict[str, dict[str, object]] = {}
    for name in sorted(_checks):
        try:
            result = dict(_checks[name]())
        except Exception:
            logger.warning("health: check %s failed", name, exc_info=True)
            result = {"ok": False, "error": "check failed"}
        result["ok"] = result.get("ok") is True
        results[name] = result
    return results


def database_ok() -> bool:
    """True when a trivial query succeeds."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means unreachable; the kind goes to the log
        logger.warning("health: database unreachable", exc_info=True)
        return False
    return True


def broker_ok() -> bool:
    """True when a connection to the Celery broker can be made within the timeout."""
    timeout = settings.HEALTHCHECK_BROKER_TIMEOUT
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            connect_timeout=timeout,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        ) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
    except Exception:
        logger.warning("health: broker unreachable", exc_info=True)
        return False
    return True
