"""End to end with a real Celery worker and beat consuming from Redis: beat → sweep → outbox →
e-mail, and an e-mail that waited in the outbox while the broker was down goes out after."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from appeals.models import Appeal, Escalation, Notification
from appeals.services import appeal_answer
from appeals.tests.broker import broker_down
from conftest import almaty_time
from officials.models import Official
from portal.celery import app as celery_app

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.REDIS_URL or connection.vendor != "postgresql",
        reason="needs REDIS_URL and PostgreSQL (set by .ci/run and make test in CI)",
    ),
]
ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition: Callable[[], bool], *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out after {seconds}s waiting for {what}")


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def worker(
    transactional_reference: None, mail_dir: Path, tmp_path: Path
) -> Iterator[subprocess.Popen[bytes]]:
    celery_app.control.purge()  # messages left by other tests are not this test's business
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
    }
    log = (tmp_path / "worker.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--beat",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--schedule",
            str(tmp_path / "beat-schedule"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    print((tmp_path / "worker.log").read_text(errors="replace")[-4000:])


def mails(mail_dir: Path) -> str:
    return "\n".join(path.read_text(errors="replace") for path in mail_dir.iterdir())


def test_beat_sweeps_escalates_and_the_worker_sends_the_emails(
    worker, mail_dir, make_citizen, make_official, file_appeal
) -> None:
    head = make_official("ministry-of-health", Official.Role.HEAD)
    appeal: Appeal = file_appeal(now=almaty_time(2026, 4, 14, 10))  # long overdue by now

    wait_for(
        lambda: Escalation.objects.filter(appeal=appeal, level=2).exists(),
        seconds=60,
        what="escalation level 2",
    )
    wait_for(
        lambda: not Notification.objects.exclude(status=Notification.Status.SENT).exists(),
        seconds=60,
        what="every notification delivered",
    )
    sent = mails(mail_dir)
    assert f"Overdue: appeal {appeal.tracking_number}" in sent
    assert head.user.email in sent and appeal.citizen.email in sent
    assert Notification.objects.filter(appeal=appeal, kind="escalated_head", status="sent").count() == 1


def test_an_email_written_while_redis_was_down_goes_out_when_it_returns(
    worker, mail_dir, officer, file_appeal
) -> None:
    appeal: Appeal = file_appeal()
    with broker_down():
        appeal_answer(actor=officer.user, appeal=appeal, text="Answered while the broker was down.")
    waiting = Notification.objects.get(appeal=appeal, kind="answered")
    assert Appeal.objects.get(pk=appeal.pk).status == "answered"
    wait_for(
        lambda: Notification.objects.get(pk=waiting.pk).status == Notification.Status.SENT,
        seconds=60,
        what="the waiting e-mail to be re-queued by the sweep and sent",
    )
    assert f"Appeal {appeal.tracking_number} answered" in mails(mail_dir)
