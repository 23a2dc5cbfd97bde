"""The outbox rows the sweep writes in batches are the rows the services write one at a time."""

from __future__ import annotations

import pytest

from appeals.models import Notification
from appeals.notifications import NotificationBatch, build_notification


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_batch_writes_what_build_notification_writes(make_citizen, file_appeal, language) -> None:
    citizen = make_citizen(language=language)
    appeals = [file_appeal(actor=citizen), file_appeal(actor=citizen)]
    batch = NotificationBatch()
    expected = []
    for appeal in appeals:
        for kind, extra in (("escalated_citizen", {"target": "Oversight"}), ("reminder", None)):
            batch.add(user=citizen, kind=kind, appeal=appeal, extra=extra)
            expected.append(build_notification(user=citizen, kind=kind, appeal=appeal, extra=extra))
    ids = batch.save_and_enqueue()

    written = Notification.objects.filter(pk__in=ids).order_by("pk")
    assert [(n.appeal_id, n.recipient_id, n.kind, n.language, n.subject, n.body) for n in written] == [
        (e.appeal.pk, e.recipient.pk, e.kind, e.language, e.subject, e.body) for e in expected
    ]
    assert all(n.status == Notification.Status.PENDING and n.created_at for n in written)
