"""One e-mail, a few days after an answer the citizen has not rated: rate it, and, if it does not
satisfy, complain to the superior body. Run by the deadline task on beat's existing schedule; the
appeal's `rate_reminder_sent_at` is set in the same transaction as the outbox row, on rows claimed
with SKIP LOCKED, so two runs at once, or one run twice, send it once."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from appeals.models import Appeal, AppealStatus
from appeals.notifications import build_notification, save_and_enqueue


def send_rating_reminders(*, now: dt.datetime | None = None, batch_size: int = 200) -> int:
    """Remind the authors of appeals answered at least `DIALOG_RATE_REMINDER_DAYS` days ago and
    still unrated; returns how many were reminded."""
    moment = now or timezone.now()
    cutoff = moment - dt.timedelta(days=settings.DIALOG_RATE_REMINDER_DAYS)
    sent = 0
    while True:
        with transaction.atomic():
            due = list(
                Appeal.objects.filter(
                    status=AppealStatus.ANSWERED,
                    rate_reminder_sent_at__isnull=True,
                    answered_at__lte=cutoff,
                )
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("citizen", "agency")
                .order_by("answered_at", "id")[:batch_size]
            )
            if not due:
                return sent
            rows = [
                build_notification(user=appeal.citizen, kind="rate_reminder", appeal=appeal)
                for appeal in due
                if appeal.citizen.is_active
            ]
            Appeal.objects.filter(pk__in=[appeal.pk for appeal in due]).update(rate_reminder_sent_at=moment)
            save_and_enqueue(rows)
            sent += len(rows)
        if len(due) < batch_size:
            return sent
