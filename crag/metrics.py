"""/metrics for the operator's Prometheus: the web process's request metrics and CRAG's own.

CRAG's own are read when Prometheus scrapes (collectors, cheap queries), not counted in the web
processes: the sweep and the renders run in workers, and a count kept in one process would be
wrong in all the others. crag imports no domain app: notifications registers its collector
(open clocks, reminders, sweep age, render durations) with `register` from its AppConfig.ready.

Never public: answered only to an address in CRAG_METRICS_ALLOWED_NETWORKS (through the trusted
proxies) or to a request bearing CRAG_METRICS_TOKEN; to everyone else it does not exist (404).
"""

import hmac
import ipaddress
import logging
import os
from collections.abc import Iterator

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector

from crag import health

logger = logging.getLogger(__name__)

# The collectors of CRAG's own metrics, apart from the process's default registry.
CRAG_REGISTRY = CollectorRegistry(auto_describe=False)
_registered: dict[str, Collector] = {}


def register(name: str, collector: Collector) -> None:
    """Add a collector of CRAG's metrics (registering a name again replaces its collector)."""
    if name in _registered:
        CRAG_REGISTRY.unregister(_registered.pop(name))
    CRAG_REGISTRY.register(collector)
    _registered[name] = collector


class QueueCollector(Collector):
    """crag_celery_queue_length{queue}: tasks waiting in each Celery queue (Redis LLEN). Not
    reported on another broker (the demo's SQLAlchemy one)."""

    def collect(self) -> Iterator[Metric]:
        url = settings.CELERY_BROKER_URL
        if not url.startswith(("redis://", "rediss://")):
            return
        import redis

        family = GaugeMetricFamily(
            "crag_celery_queue_length", "Tasks waiting in the Celery queue", labels=["queue"]
        )
        timeout = settings.HEALTHCHECK_BROKER_TIMEOUT
        try:
            client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
            with client:
                for queue in settings.CRAG_METRICS_QUEUES:
                    family.add_metric([queue], float(client.llen(queue)))
        except redis.RedisError:
            logger.warning("metrics: broker unreachable", exc_info=True)
            return
        yield family


class HealthCollector(Collector):
    """crag_health_check_ok{check}: 1 when the /healthz check the apps registered is ok (the
    sweep's age, missing documents), else 0: one rule to alert on for each of them."""

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily(
            "crag_health_check_ok", "1 when the /healthz check is ok, 0 when not", labels=["check"]
        )
        for name, result in health.run_registered().items():
            family.add_metric([name], 1.0 if result["ok"] else 0.0)
        yield family


register("queues", QueueCollector())
register("health", HealthCollector())


def _address_allowed(request: HttpRequest) -> bool:
    from crag.security import trusted_client_ip  # allauth's adapter: loaded once apps are ready

    address = trusted_client_ip(request)
    if address is None:
        return False
    client = ipaddress.ip_address(address)
    return any(
        client in ipaddress.ip_network(network, strict=False)
        for network in settings.CRAG_METRICS_ALLOWED_NETWORKS
    )


def _token_presented(request: HttpRequest) -> bool:
    token = settings.CRAG_METRICS_TOKEN
    if not token:
        return False
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(presented.encode(), token.encode())


def allowed(request: HttpRequest) -> bool:
    return _token_presented(request) or _address_allowed(request)


def _process_registry() -> CollectorRegistry:
    """This process's metrics or, with several processes (PROMETHEUS_MULTIPROC_DIR set), all of
    theirs, as prometheus-client's multiprocess mode gathers them."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus's text format: the process's metrics (requests: crag/request_metrics.py), then CRAG's."""
    if not allowed(request):
        raise Http404
    body = generate_latest(_process_registry()) + generate_latest(CRAG_REGISTRY)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
