"""Deadlines never wait behind e-mail: the sweep has its own queue and its own worker, so a
backlog of thousands of deliveries on the default queue does not hold it back."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from appeals.models import Appeal, Escalation
from appeals.tasks import deliver_notification
from appeals.tests.celery_worker import WORKER_TEST_MARKS, celery_worker, queue_depth, wait_for
from conftest import almaty_time
from officials.models import Official
from portal.celery import app as celery_app

pytestmark = WORKER_TEST_MARKS
BACKLOG = 3000


def test_beat_routes_every_scheduled_task_to_the_clock_queue() -> None:
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        route = celery_app.amqp.router.route({}, entry["task"])
        assert route["queue"].name == settings.DIALOG_CLOCK_QUEUE
    assert (
        celery_app.amqp.router.route({}, deliver_notification.name)["queue"].name
        == settings.CELERY_TASK_DEFAULT_QUEUE
    )


def test_a_sweep_runs_while_thousands_of_deliveries_wait(
    transactional_reference, make_official, file_appeal, tmp_path: Path
) -> None:
    make_official("ministry-of-health", Official.Role.HEAD)
    appeal: Appeal = file_appeal(now=almaty_time(2026, 4, 14, 10))  # long overdue by now
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with celery_worker(tmp_path, queues=settings.DIALOG_CLOCK_QUEUE, mail_dir=mail_dir):
        # The worker purges the queues as it starts; the backlog is queued after that.
        with celery_app.producer_or_acquire() as producer:
            for number in range(BACKLOG):
                deliver_notification.apply_async((10_000_000 + number,), producer=producer)
        assert queue_depth(settings.CELERY_TASK_DEFAULT_QUEUE) >= BACKLOG
        wait_for(
            lambda: Escalation.objects.filter(appeal=appeal, level=1).exists(),
            seconds=90,
            what="the beat's sweep to escalate the overdue appeal",
        )
        # The e-mail backlog is still there, untouched: the sweep did not wait for it.
        assert queue_depth(settings.CELERY_TASK_DEFAULT_QUEUE) >= BACKLOG
    assert Appeal.objects.get(pk=appeal.pk).overdue_since is not None
