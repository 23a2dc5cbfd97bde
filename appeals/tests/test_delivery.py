"""The outbox: one e-mail per notification whatever happens to the task or the broker."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from appeals import delivery
from appeals.delivery import DeliveryFailed, deliver
from appeals.models import AppealStatus, Notification
from appeals.services import appeal_answer
from appeals.sweep import requeue_undelivered
from appeals.tests.broker import broker_down

pytestmark = pytest.mark.django_db


def test_a_delivery_task_run_twice_sends_one_email(file_appeal, mailoutbox) -> None:
    appeal = file_appeal()
    note = Notification.objects.get(appeal=appeal)
    assert deliver(note.pk) is True
    assert deliver(note.pk) is False
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [appeal.citizen.email] and appeal.tracking_number in mailoutbox[0].subject
    note.refresh_from_db()
    assert note.status == Notification.Status.SENT and note.attempts == 1


def test_a_failed_send_goes_back_to_the_outbox_for_a_retry(file_appeal, mailoutbox) -> None:
    note = Notification.objects.get(appeal=file_appeal())
    refused = ConnectionRefusedError("smtp down")
    with mock.patch("appeals.delivery.EmailMessage.send", side_effect=refused), pytest.raises(DeliveryFailed):
        deliver(note.pk)
    note.refresh_from_db()
    assert note.status == Notification.Status.PENDING and "smtp down" in note.last_error
    assert deliver(note.pk) is True and len(mailoutbox) == 1


def test_delivery_gives_up_after_the_last_attempt(file_appeal) -> None:
    note = Notification.objects.get(appeal=file_appeal())
    Notification.objects.filter(pk=note.pk).update(attempts=delivery.MAX_ATTEMPTS - 1)
    with mock.patch("appeals.delivery.EmailMessage.send", side_effect=OSError("no route")):
        assert deliver(note.pk) is False
    note.refresh_from_db()
    assert note.status == Notification.Status.FAILED


def test_an_abandoned_claim_is_taken_up_again(file_appeal, mailoutbox) -> None:
    note = Notification.objects.get(appeal=file_appeal())
    stale = timezone.now() - delivery.STALE_CLAIM - dt.timedelta(seconds=1)
    Notification.objects.filter(pk=note.pk).update(status=Notification.Status.SENDING, claimed_at=stale)
    assert deliver(note.pk) is True and len(mailoutbox) == 1


def test_with_the_broker_down_an_answer_is_saved_and_its_email_waits(
    file_appeal, officer, django_capture_on_commit_callbacks
) -> None:
    appeal = file_appeal()
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        appeal_answer(actor=officer.user, appeal=appeal, text="Saved even so.")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ANSWERED
    waiting = Notification.objects.get(appeal=appeal, kind="answered")
    assert waiting.status == Notification.Status.PENDING
    later = timezone.now() + dt.timedelta(minutes=5)
    with mock.patch("appeals.sweep.enqueue_delivery") as enqueue:
        assert requeue_undelivered(later) == 2  # the registration e-mail and the answer
    assert waiting.pk in enqueue.call_args.args[0]


def test_a_chunk_from_the_sweep_is_delivered_and_a_failure_gets_its_own_retrying_task(
    file_appeal, mailoutbox
) -> None:
    from appeals.outbox import deliver_notifications

    ids = [Notification.objects.get(appeal=file_appeal()).pk for _ in range(4)]
    real_send = delivery.EmailMessage.send
    calls = 0

    def third_fails(self, *args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError("mail server hiccup")
        return real_send(self, *args, **kwargs)

    with (
        mock.patch("appeals.delivery.EmailMessage.send", third_fails),
        mock.patch("appeals.outbox.deliver_notification.apply_async") as retry,
    ):
        assert deliver_notifications(ids) == 3
    assert len(mailoutbox) == 3
    retry.assert_called_once_with((ids[2],), countdown=15, retry=False)
    assert Notification.objects.get(pk=ids[2]).status == Notification.Status.PENDING


def test_many_notifications_go_to_the_broker_in_chunks(file_appeal) -> None:
    from appeals.outbox import CHUNK, enqueue_delivery

    with (
        mock.patch("appeals.outbox.deliver_notifications.apply_async") as chunked,
        mock.patch("appeals.outbox.deliver_notification.apply_async") as single,
    ):
        enqueue_delivery(list(range(1, CHUNK * 2 + 2)))
        enqueue_delivery([7])
    assert chunked.call_count == 3 and single.call_count == 1
