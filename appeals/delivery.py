"""Delivering outbox rows by e-mail: claim the row, send outside any transaction, mark it sent.

A row is claimed with one conditional UPDATE, so a task delivered twice sends one e-mail. A
worker that dies after claiming leaves the row 'sending'; the sweep re-queues it once stale.
"""

from __future__ import annotations

import datetime as dt
import email.message
import email.policy
import logging

from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone

from appeals.models import Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
STALE_CLAIM = dt.timedelta(minutes=10)
Status = Notification.Status


class LongHeaderEmail(EmailMessage):
    """An e-mail whose extra headers may hold one long URL (List-Unsubscribe, RFC 8058). Folded
    at 78 columns, Python's e-mail package would encode such a header as RFC 2047 words, which
    mail clients do not read there; RFC 5322 allows lines of up to 998 characters."""

    def message(self, *, policy: email.policy.Policy | None = None) -> email.message.EmailMessage:
        return super().message(policy=(policy or email.policy.default).clone(max_line_length=998))


class DeliveryFailed(Exception):
    """Raised so Celery retries with backoff; the row is back to 'pending'."""


def claimable(now: dt.datetime) -> Q:
    return Q(status=Status.PENDING) | Q(status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM)


def deliver(notification_id: int) -> bool:
    """Send one notification if nobody else has. True when this call sent it."""
    now = timezone.now()
    claimed = Notification.objects.filter(claimable(now), pk=notification_id).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    row = Notification.objects.get(pk=notification_id)
    try:
        message_class = LongHeaderEmail if row.headers else EmailMessage
        message_class(subject=row.subject, body=row.body, to=[row.email], headers=row.headers or None).send()
    except Exception as error:
        gave_up = row.attempts >= MAX_ATTEMPTS
        Notification.objects.filter(pk=row.pk).update(
            status=Status.FAILED if gave_up else Status.PENDING,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        logger.warning("Delivery of notification %s failed: %s", row.pk, error)
        if gave_up:
            return False
        raise DeliveryFailed(str(error)) from error
    Notification.objects.filter(pk=row.pk).update(status=Status.SENT, sent_at=timezone.now())
    logger.info("Notification %s (%s) sent", row.pk, row.kind)
    return True


def undelivered_ids(now: dt.datetime, *, older_than: dt.timedelta, limit: int) -> list[int]:
    """Rows that should have gone out by now: pending for a while, or claimed and abandoned."""
    return list(
        Notification.objects.filter(claimable(now), created_at__lt=now - older_than)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
