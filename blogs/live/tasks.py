"""Celery tasks of live sessions (discovered by Celery in this app's `tasks` module)."""

from __future__ import annotations

from celery import shared_task

from blogs.live.conversion import process_live_sessions as run_conversion


@shared_task(
    name="blogs.live.tasks.process_live_sessions",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=300,
    soft_time_limit=270,
)
def process_live_sessions() -> str:
    """Beat runs it every minute, beside the deadline sweep; idempotent, so re-delivery is safe."""
    return run_conversion().summary()
