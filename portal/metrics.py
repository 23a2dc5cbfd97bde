"""/metrics for Prometheus: request and database metrics, Celery queue depths, and Dialog's own
figures (appeals.metrics). Behind METRICS_TOKEN, a bearer token; 404 when it is unset.

django-prometheus would give the request and database metrics, but its releases cap Django
below 6.1 (2.5.0: Django<6.1), so the few we need are measured here with prometheus_client.
Under gunicorn with several workers set PROMETHEUS_MULTIPROC_DIR (docker-compose.yml does), so
a scrape sums every worker's counters, not just the one that answered.
"""

from __future__ import annotations

import functools
import hmac
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from kombu.exceptions import ChannelError
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector

from appeals.metrics import appeal_metrics
from portal.celery import app as celery_app

logger = logging.getLogger(__name__)
disable_created_metrics()  # the *_created series double the output and no alert reads them

REQUESTS = Counter(
    "django_http_requests",
    "HTTP requests answered, by method, view and status.",
    ["method", "view", "status"],
)
REQUEST_LATENCY = Histogram(
    "django_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and view.",
    ["method", "view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
DB_QUERIES = Counter("django_db_execute", "Database queries run by requests.", ["alias", "vendor"])
DB_LATENCY = Histogram(
    "django_db_query_duration_seconds",
    "Time of one database query run by a request.",
    ["alias", "vendor"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5),
)
DB_ERRORS = Counter("django_db_errors", "Database queries that raised.", ["alias", "vendor", "type"])


class _QueryTimer:
    """A connection.execute_wrapper that counts and times each query."""

    def __init__(self, alias: str, vendor: str) -> None:
        self.labels = (alias, vendor)
        # The labelled series looked up once, not twice per query (a lock and a dict each time).
        self.queries, self.latency = _query_series(alias, vendor)

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        except Exception as error:
            DB_ERRORS.labels(*self.labels, type(error).__name__).inc()
            raise
        finally:
            self.queries.inc()
            self.latency.observe(time.perf_counter() - started)


@functools.cache
def _query_series(alias: str, vendor: str) -> tuple[Any, Any]:
    return DB_QUERIES.labels(alias, vendor), DB_LATENCY.labels(alias, vendor)


class MetricsMiddleware:
    """Counts and times every request (labelled by view name, never by path: paths carry
    tracking numbers and would grow the label set without bound) and the queries it runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(
                    connection.execute_wrapper(_QueryTimer(connection.alias, connection.vendor))
                )
            response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match and match.view_name else "<unresolved>"
        method = request.method if request.method in _METHODS else "other"
        REQUESTS.labels(method, view, str(response.status_code)).inc()
        REQUEST_LATENCY.labels(method, view).observe(time.perf_counter() - started)
        return response


_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def queue_lengths() -> dict[str, int]:
    """Messages waiting in the default (e-mail) queue and the clock queue, from the broker."""
    lengths: dict[str, int] = {}
    with celery_app.connection_for_read() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        for queue in (settings.CELERY_TASK_DEFAULT_QUEUE, settings.DIALOG_CLOCK_QUEUE):
            try:
                declared = conn.default_channel.queue_declare(queue=queue, passive=True)  # type: ignore[attr-defined]
                lengths[queue] = int(declared.message_count)
            except ChannelError:  # a queue nobody has published to yet does not exist: it is empty
                lengths[queue] = 0
    return lengths


def queue_depths() -> Iterator[Metric]:
    up = "Whether the Celery broker answered the scrape."
    try:
        lengths = queue_lengths()
    except Exception as error:  # the broker down is a fact to report, not a failed scrape
        logger.warning("Could not read the Celery queue depths: %s", type(error).__name__)
        yield GaugeMetricFamily("dialog_broker_up", up, value=0)
        return
    depth = GaugeMetricFamily(
        "dialog_celery_queue_length", "Messages waiting in each Celery queue.", labels=["queue"]
    )
    for queue, length in lengths.items():
        depth.add_metric([queue], length)
    yield depth
    yield GaugeMetricFamily("dialog_broker_up", up, value=1)


class _DialogCollector:
    def collect(self) -> Iterator[Metric]:
        yield from appeal_metrics()
        yield from queue_depths()


def _registries() -> list[CollectorRegistry]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        MultiProcessCollector(processes)
    else:
        processes = REGISTRY
    dialog = CollectorRegistry(auto_describe=False)
    dialog.register(_DialogCollector())
    return [processes, dialog]


def _authorized(request: HttpRequest, token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404("Metrics are off (METRICS_TOKEN is unset).")
    if not _authorized(request, token):
        response = HttpResponse("A valid bearer token is required.\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    body = b"".join(generate_latest(registry) for registry in _registries())
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
