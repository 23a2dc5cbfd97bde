"""Starting a real Celery worker (optionally with beat) against the test database and Redis."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from portal.celery import app as celery_app
from portal.metrics import queue_lengths

ROOT = Path(__file__).resolve().parents[2]
# pytestmark of every test module that starts a worker.
WORKER_TEST_MARKS = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.REDIS_URL or connection.vendor != "postgresql",
        reason="needs REDIS_URL and PostgreSQL (set by .ci/run and make test in CI)",
    ),
]


def wait_for(condition: Callable[[], bool], *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out after {seconds}s waiting for {what}")


def queue_depth(queue: str) -> int:
    """Messages waiting in a queue, read from the broker itself."""
    return queue_lengths()[queue]


def purge_queues() -> None:
    with celery_app.connection_for_write() as conn:
        for queue in (settings.CELERY_TASK_DEFAULT_QUEUE, settings.DIALOG_CLOCK_QUEUE):
            conn.default_channel.queue_purge(queue)


def all_queues() -> str:
    """The e-mail queue and the clock queue, as `celery worker -Q` takes them."""
    return f"{settings.CELERY_TASK_DEFAULT_QUEUE},{settings.DIALOG_CLOCK_QUEUE}"


def worker_log(tmp_path: Path, queues: str) -> Path:
    return tmp_path / f"worker-{queues.replace(',', '-')}.log"


@contextmanager
def celery_worker(
    tmp_path: Path, *, queues: str, mail_dir: Path, beat: bool = True, extra_env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """A worker consuming `queues` (comma-separated), with beat every second when `beat`."""
    purge_queues()  # messages left by other tests are not this test's business
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_URL": f"filemail://{mail_dir}",
        "DIALOG_SWEEP_INTERVAL": "1",
        "DIALOG_OUTBOX_REQUEUE_SECONDS": "1",
        "DIALOG_VAR_DIR": str(tmp_path / "var"),
        **(extra_env or {}),
    }
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", queues]
    if beat:
        command += ["--beat", "--schedule", str(tmp_path / "beat-schedule")]
    command += ["--pool", "solo", "--loglevel", "INFO"]
    log_path = worker_log(tmp_path, queues)
    log = log_path.open("wb")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        purge_queues()
        print(log_path.read_text(errors="replace")[-4000:])
