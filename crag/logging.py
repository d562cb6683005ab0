"""What every log line carries: the request id and the signed-in user's id (never who they are).

RequestIdMiddleware and LogContextMiddleware (crag.middleware) set the context variables for the
request they serve; RequestContextFilter, on the console handler (settings.LOGGING), copies them
onto each record; JsonFormatter (CRAG_LOG_FORMAT=json, production's default) writes one JSON
object a line. This module imports nothing of Django's: logging is configured before apps load.
"""

import logging
from contextvars import ContextVar
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

request_id_var: ContextVar[str | None] = ContextVar("crag_request_id", default=None)
user_id_var: ContextVar[int | None] = ContextVar("crag_user_id", default=None)


class RequestContextFilter(logging.Filter):
    """Add request_id and user_id to every record (None outside a request: tasks, commands).

    Django logs a response (404, 500) after the middleware has returned, with the request on the
    record: the ids are then read from the request (set there by the same middleware)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.request_id = request_id_var.get() or getattr(request, "request_id", None)
        record.user_id = user_id_var.get() or getattr(request, "log_user_id", None)
        return True


class JsonFormatter(_JsonFormatter):
    """python-json-logger's formatter: time (ISO 8601, UTC), level, logger, message, request_id,
    user_id, and a traceback when there is one. The request Django attaches to its records is
    left out: its text is the full path, query string included, and a query may name a child."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request"])
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        super().__init__(*args, **kwargs)


# --- Error reporting (optional: SENTRY_DSN) ---------------------------------------------------

_STRIPPED_HEADERS = frozenset({"cookie", "authorization", "x-csrftoken", "x-forwarded-for"})


def sentry_before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """What leaves for Sentry: never a request's body, cookies, query string or credentials
    (a form or a search may name a child); the path, method and the ids are enough to find it."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {k: v for k, v in headers.items() if k.lower() not in _STRIPPED_HEADERS}
    event.pop("user", None)
    return event


def init_sentry(dsn: str, *, environment: str, release: str | None = None) -> None:
    """Report errors to Sentry (settings call this only when SENTRY_DSN is set): no personal data,
    no local variables (a frame's variables may hold a child's name), bodies stripped."""
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=sentry_before_send,  # type: ignore[arg-type]
    )
