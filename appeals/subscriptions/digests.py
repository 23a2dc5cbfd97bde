"""The daily digest: one e-mail per confirmed daily subscription and day, with the changes of
what it follows since the last one, still in the register now (a withdrawn publication drops
out). Run by beat (`appeals.tasks.send_subscription_digests`) every few minutes; rows whose
`next_digest_at` has come are claimed with SKIP LOCKED, and the `(subscription, day)` row is
inserted before the e-mail is written, in the same transaction, so two runs at once, a run
killed half-way or a run twice the same day send one e-mail."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from appeals.calendar import local_date
from appeals.models.subscriptions import Subscription, SubscriptionDigest, SubscriptionEvent
from appeals.notifications import save_and_enqueue
from appeals.subscriptions.mail import digest_row
from appeals.subscriptions.services import next_digest_at
from appeals.subscriptions.targets import live_publications

# A digest lists at most this many changes (the register's page has the rest).
MAX_LINES = 50


def digest_events(subscription: Subscription, *, until: dt.datetime) -> list[SubscriptionEvent]:
    """The changes a digest ending at `until` reports, oldest first."""
    since = subscription.digest_since or subscription.confirmed_at or subscription.created_at
    return list(
        SubscriptionEvent.objects.filter(
            occurred_at__gte=since,
            occurred_at__lt=until,
            publication__in=live_publications(subscription).values("pk"),
        )
        .select_related("publication__appeal")
        .order_by("occurred_at", "id")[:MAX_LINES]
    )


def _digest_one(subscription: Subscription, now: dt.datetime) -> bool:
    """Inside the caller's transaction, with the row locked. True when an e-mail was written."""
    until = subscription.next_digest_at or now
    day = local_date(until)
    sent = False
    try:
        with transaction.atomic():
            record = SubscriptionDigest.objects.create(subscription=subscription, day=day)
    except IntegrityError:
        record = None  # this day's digest exists already: nothing more to write
    if record is not None:
        events = digest_events(subscription, until=until)
        if events:
            [row] = save_and_enqueue([digest_row(subscription, events, day)])
            SubscriptionDigest.objects.filter(pk=record.pk).update(events=len(events), notification=row)
            sent = True
    Subscription.objects.filter(pk=subscription.pk).update(
        digest_since=until, next_digest_at=next_digest_at(max(now, until))
    )
    return sent


def send_digests(*, now: dt.datetime | None = None, batch_size: int = 200) -> int:
    """Write every digest that is due; returns how many e-mails were written."""
    moment = now or timezone.now()
    sent = 0
    while True:
        with transaction.atomic():
            due = list(
                Subscription.objects.filter(next_digest_at__lte=moment, confirmed_at__isnull=False)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("user", "agency", "region", "publication__appeal")
                .order_by("next_digest_at", "id")[:batch_size]
            )
            for subscription in due:
                sent += _digest_one(subscription, moment)
        if len(due) < batch_size:
            return sent
