"""The outbox's way to the broker: rows written by `appeals.notifications` (or the sweep) are
handed to Celery after commit; the tasks deliver them (`appeals.delivery`). Task names stay
`appeals.tasks.*`, the names messages already queued carry."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from appeals import delivery

logger = logging.getLogger(__name__)


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


# A few notifications go one message each (each retried with backoff on its own); the
# thousands a sweep writes go in chunks, so a batch costs a handful of broker round trips.
SINGLE_MESSAGE_LIMIT = 3
CHUNK = 200


def enqueue_delivery(notification_ids: list[int]) -> None:
    """Hand rows to Celery. If the broker is down the rows wait in the outbox; the sweep
    re-queues them, so a failure here is logged and never reaches the caller."""
    messages: list[tuple[Any, tuple[Any, ...]]]
    if len(notification_ids) <= SINGLE_MESSAGE_LIMIT:
        messages = [(deliver_notification, (notification_id,)) for notification_id in notification_ids]
    else:
        messages = [
            (deliver_notifications, (notification_ids[start : start + CHUNK],))
            for start in range(0, len(notification_ids), CHUNK)
        ]
    for task, arguments in messages:
        try:
            task.apply_async(arguments, retry=False)
        except Exception as error:  # the broker's errors vary by transport; none may lose the change
            logger.warning(
                "Broker unavailable (%s); %d notifications wait in the outbox", error, len(notification_ids)
            )
            return
