"""Celery tasks. All are idempotent, so they are acknowledged late and re-delivered if a worker
dies; neither uses an ETA or countdown beyond the retry backoff (capped far below Redis's
visibility timeout of an hour)."""

from __future__ import annotations

import time

from celery import shared_task

from appeals import metrics, sweep

# The outbox's delivery tasks live beside `enqueue_delivery`; importing them here registers them
# with the worker (Celery discovers `tasks` modules).
from appeals.outbox import deliver_notification, deliver_notifications
from appeals.rating_reminders import send_rating_reminders
from appeals.subscriptions.digests import send_digests
from appeals.subscriptions.services import subscriptions_forget_unconfirmed

__all__ = ["deliver_notification", "deliver_notifications", "process_deadlines", "send_subscription_digests"]


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
    # The one reminder to rate an answer rides on the same minute's schedule (its own claim).
    reminded = send_rating_reminders()
    return f"{summary}, rating reminders: {reminded}"


@shared_task(
    name="appeals.tasks.send_subscription_digests",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=600,
    soft_time_limit=540,
)
def send_subscription_digests() -> str:
    """The register's daily digests that are due (`appeals.subscriptions.digests`), and the
    forgetting of addresses that never confirmed."""
    forgotten = subscriptions_forget_unconfirmed()
    return f"subscription digests: {send_digests()}, unconfirmed forgotten: {forgotten}"
