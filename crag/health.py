"""Reachability checks for /healthz: the database and the Celery broker."""

import logging

from django.conf import settings
from django.db import connection
from kombu import Connection

logger = logging.getLogger(__name__)


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
