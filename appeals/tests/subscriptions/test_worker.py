"""With a real Celery worker and beat on Redis: a change reaches each follower once, with the
one-click unsubscribe headers, and beat's digest runs again and again but mails once a day."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.utils import timezone

from appeals.models import Appeal, Notification, Subscription
from appeals.services.publication import publication_approve
from appeals.subscriptions.services import subscription_follow
from appeals.subscriptions.targets import resolve_target
from appeals.tests.celery_worker import WORKER_TEST_MARKS, all_queues, celery_worker, wait_for
from officials.models import Official
from portal.accounts.models import User

pytestmark = WORKER_TEST_MARKS

AGENCY = {"target": "agency", "agency": "ministry-of-health"}


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def worker(
    transactional_reference: None, mail_dir: Path, tmp_path: Path
) -> Iterator[subprocess.Popen[bytes]]:
    with celery_worker(
        tmp_path, queues=all_queues(), mail_dir=mail_dir, extra_env={"DIALOG_DIGEST_INTERVAL": "1"}
    ) as process:
        yield process


def mails(mail_dir: Path) -> str:
    return "\n".join(path.read_text(errors="replace") for path in mail_dir.iterdir())


def _publish(file_appeal: Callable[..., Appeal], officer: Official) -> Appeal:
    appeal = file_appeal(publish=True)
    publication_approve(actor=officer.user, publication=appeal.publication)
    return appeal


def test_a_change_reaches_each_follower_once_with_one_click_unsubscribe(
    worker, mail_dir, make_citizen: Callable[..., User], make_official, file_appeal
) -> None:
    officer = make_official("ministry-of-health", Official.Role.OFFICER)
    follower = make_citizen()
    subscription_follow(actor=follower, target=resolve_target(AGENCY), frequency="each", language="en")
    appeal = _publish(file_appeal, officer)
    wait_for(
        lambda: Notification.objects.filter(kind="subscription_event", status="sent").exists(),
        seconds=60,
        what="the follower's e-mail",
    )
    wait_for(
        lambda: not Notification.objects.exclude(status="sent").exists(), seconds=60, what="every e-mail sent"
    )
    sent = mails(mail_dir)
    subject = f"Register: appeal {appeal.tracking_number} newly published in the register"
    assert sent.count(f"Subject: {subject}") == 1
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in sent
    unfolded = re.sub(r"\n(?=[ \t])", "", sent)  # long headers are folded onto several lines
    assert re.search(r"List-Unsubscribe: +<http[^>]+/en/accounts/subscriptions/unsubscribe/[^>]+/>", unfolded)


def test_beat_mails_the_digest_once_however_often_it_runs(
    worker, mail_dir, make_citizen: Callable[..., User], make_official, file_appeal
) -> None:
    officer = make_official("ministry-of-health", Official.Role.OFFICER)
    follower = make_citizen()
    subscription = subscription_follow(
        actor=follower, target=resolve_target(AGENCY), frequency="daily", language="en"
    )
    appeal = _publish(file_appeal, officer)
    # Today's digest is due now (as if the clock had reached the digest hour).
    due = timezone.now()
    Subscription.objects.filter(pk=subscription.pk).update(
        next_digest_at=due, digest_since=due - dt.timedelta(hours=1)
    )
    wait_for(
        lambda: Notification.objects.filter(kind="subscription_digest", status="sent").exists(),
        seconds=60,
        what="the digest e-mail",
    )
    # Beat keeps running the task every second. Make the same day's digest due again twice (as a
    # run killed before it moved the due time would leave it) and wait until beat has taken it:
    # the day's digest row stops a second e-mail.
    for _again in range(2):
        tomorrow = Subscription.objects.get(pk=subscription.pk).next_digest_at
        assert tomorrow is not None and tomorrow > timezone.now()
        Subscription.objects.filter(pk=subscription.pk).update(next_digest_at=due)  # the same day
        wait_for(
            lambda: Subscription.objects.get(pk=subscription.pk).next_digest_at > timezone.now(),  # type: ignore[operator]
            seconds=60,
            what="beat to run the digest again",
        )
    assert Notification.objects.filter(kind="subscription_digest").count() == 1
    assert mails(mail_dir).count(appeal.tracking_number) >= 1
    assert mails(mail_dir).count("Subject: Register, ") == 1
