"""Celery tasks. Both are idempotent, so they are acknowledged late and re-delivered if a worker
dies; neither uses an ETA or countdown beyond the retry backoff (capped far below Redis's
visibility timeout of an hour)."""

from __future__ import annotations

import time

from celery import shared_task

from appeals import delivery, metrics, sweep


@shared_task(
    name="appeals.tasks.deliver_notification",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(delivery.DeliveryFailed,),
    retry_backoff=15,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=delivery.MAX_ATTEMPTS,
    time_limit=60,
    soft_time_limit=45,
)
def deliver_notification(notification_id: int) -> bool:
    return delivery.deliver(notification_id)


@shared_task(
    name="appeals.tasks.deliver_notifications",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=900,
    soft_time_limit=840,
)
def deliver_notifications(notification_ids: list[int]) -> int:
    """A chunk of outbox rows (from the sweep). A row that fails gets its own task, which
    retries with backoff; if even that cannot be queued, the sweep re-queues the row later."""
    sent = 0
    for notification_id in notification_ids:
        try:
            sent += delivery.deliver(notification_id)
        except delivery.DeliveryFailed:
            try:
                deliver_notification.apply_async((notification_id,), countdown=15, retry=False)
            except Exception:  # broker gone: the row is pending and the sweep re-queues it
                return sent
    return sent


@shared_task(
    name="appeals.tasks.process_deadlines",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=300,
    soft_time_limit=270,
)
def process_deadlines() -> str:
    started = time.time()
    summary = sweep.run_sweep().summary()
    metrics.record_sweep(started=started, finished=time.time())
    return summary
