"""Request counts and durations for /metrics, by method, route name and status.

Our own middleware rather than django-prometheus: its latest release (2.5.0) declares Django
below 6.1, so a clean install of CRAG's pinned Django cannot have it. Labels are the URL pattern's
name, never the path (a path can carry a record's number, and every mistyped address would be a
new series); a request that matched no pattern is "<unmatched>". With PROMETHEUS_MULTIPROC_DIR
set (crag-web), prometheus-client keeps the counts in files every gunicorn worker shares.
"""

from collections.abc import Callable
from time import perf_counter

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from prometheus_client import Counter, Histogram

REQUESTS = Counter("crag_http_requests", "HTTP requests answered", ["method", "route", "status"])
DURATION = Histogram(
    "crag_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method", "route"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def _route(request: HttpRequest) -> str:
    """The URL pattern's name; resolved here for answers given before Django's own resolving (the
    health check answers in its own middleware)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "<unmatched>"
    return match.view_name or "<unmatched>"


class RequestMetricsMiddleware:
    """Outermost: counts every answer, the health check's and refusals' included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = perf_counter()
        response = self.get_response(request)
        method = request.method if request.method in METHODS else "other"
        route = _route(request)
        REQUESTS.labels(method, route, str(response.status_code)).inc()
        DURATION.labels(method, route).observe(perf_counter() - started)
        return response
