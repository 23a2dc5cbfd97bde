"""Making the Celery broker unreachable for a while, for tests of what happens then."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from portal.celery import app as celery_app

UNREACHABLE = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there


def _reset_connections() -> None:
    # Forget the app's pools (kombu keeps one per URL in its registry; closing them there
    # would break the next user of the same URL), so the next publish connects afresh.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker_down() -> Iterator[None]:
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = UNREACHABLE
    _reset_connections()
    try:
        yield
    finally:
        celery_app.conf.broker_url = previous
        _reset_connections()
