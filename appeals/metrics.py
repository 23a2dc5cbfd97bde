"""Dialog's own Prometheus figures about appeals, read from the database at scrape time.

Every figure comes from rows every process shares (appeals are never deleted, so a count of
them is a true counter), never from one process's memory: gunicorn's web workers, the Celery
workers and a scrape that lands on any of them all agree. The sweep's timing lives in the cache
(Redis in production), written by whichever worker ran it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from django.core.cache import cache
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.metrics_core import Metric

from appeals.models import Appeal, Notification

logger = logging.getLogger(__name__)

SWEEP_CACHE_KEY = "dialog:metrics:last-sweep"


def record_sweep(*, started: float, finished: float) -> None:
    """Remember the last sweep (wall-clock seconds since the epoch); losing it is harmless."""
    try:
        cache.set(SWEEP_CACHE_KEY, {"started": started, "finished": finished}, timeout=None)
    except Exception as error:  # the cache being down must never fail a sweep
        logger.warning("Could not record the sweep's timing: %s", type(error).__name__)


def appeal_metrics() -> Iterator[Metric]:
    filed = CounterMetricFamily(
        "dialog_appeals_filed", "Appeals filed since the portal began, by channel.", labels=["channel"]
    )
    for channel, count in Appeal.objects.order_by().values_list("channel").annotate(n=Count("id")):
        filed.add_metric([channel], count)
    yield filed

    overdue = GaugeMetricFamily(
        "dialog_appeals_overdue",
        "Unanswered appeals past their due date, by the agency holding them.",
        labels=["agency"],
    )
    by_agency = Appeal.objects.overdue().order_by().values_list("agency__slug").annotate(n=Count("id"))
    for slug, count in by_agency:
        overdue.add_metric([slug or ""], count)
    yield overdue

    waiting = Notification.objects.filter(
        status__in=[Notification.Status.PENDING, Notification.Status.SENDING]
    )
    outbox = waiting.aggregate(n=Count("id"), oldest=Min("created_at"))
    yield GaugeMetricFamily(
        "dialog_outbox_pending", "Notifications written but not yet delivered.", value=outbox["n"]
    )
    age = (timezone.now() - outbox["oldest"]).total_seconds() if outbox["oldest"] else 0.0
    yield GaugeMetricFamily(
        "dialog_outbox_oldest_pending_age_seconds",
        "Age of the oldest undelivered notification (0 when the outbox is empty).",
        value=age,
    )
    failed = Notification.objects.filter(status=Notification.Status.FAILED).count()
    yield CounterMetricFamily(
        "dialog_notification_delivery_failures",
        "Notifications given up on after every retry failed.",
        value=failed,
    )
    retrying = Notification.objects.filter(status=Notification.Status.PENDING, attempts__gt=0).count()
    yield GaugeMetricFamily(
        "dialog_notifications_retrying",
        "Notifications whose delivery failed and will be retried.",
        value=retrying,
    )

    sweep = cache.get(SWEEP_CACHE_KEY)
    if sweep:
        yield GaugeMetricFamily(
            "dialog_sweep_duration_seconds",
            "How long the last deadline sweep took.",
            value=sweep["finished"] - sweep["started"],
        )
        yield GaugeMetricFamily(
            "dialog_sweep_last_finished_timestamp_seconds",
            "When the last deadline sweep finished (seconds since the epoch).",
            value=sweep["finished"],
        )
