"""End to end with a real Celery worker and beat consuming from Redis: beat → sweep → outbox →
e-mail, and an e-mail that waited in the outbox while the broker was down goes out after."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from appeals.models import Appeal, Escalation, Notification
from appeals.services import appeal_answer
from appeals.tests.broker import broker_down
from appeals.tests.celery_worker import WORKER_TEST_MARKS, all_queues, celery_worker, wait_for
from conftest import almaty_time
from officials.models import Official

pytestmark = WORKER_TEST_MARKS


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def worker(
    transactional_reference: None, mail_dir: Path, tmp_path: Path
) -> Iterator[subprocess.Popen[bytes]]:
    with celery_worker(tmp_path, queues=all_queues(), mail_dir=mail_dir) as process:
        yield process


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
