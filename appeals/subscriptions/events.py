"""Hearing the register's changes (`appeals.signals.register_change`, sent inside the transaction
of the change): one `SubscriptionEvent` row for the digests and the appeal's feed, and an outbox
row for every confirmed follower who asked for each change. Both commit or roll back with the
change; delivery is queued after commit (`appeals.notifications.save_and_enqueue`)."""

from __future__ import annotations

import datetime as dt

from appeals.models import Notification, Publication
from appeals.models.subscriptions import (
    Subscription,
    SubscriptionEvent,
    SubscriptionEventKind,
    SubscriptionFrequency,
    SubscriptionTarget,
)
from appeals.notifications import save_and_enqueue
from appeals.subscriptions.mail import event_row
from appeals.subscriptions.targets import covering_q, search_covers


def subscription_event_record(*, publication_id: int, kind: str, at: dt.datetime) -> list[Notification]:
    """Record a change of a live publication and write the immediate e-mails. A withdrawal (or
    any change of what is no longer live) records nothing: the appeal has left the register."""
    if kind not in SubscriptionEventKind.values:
        return []
    publication = Publication.objects.live().select_related("appeal").filter(pk=publication_id).first()
    if publication is None:
        return []
    event = SubscriptionEvent.objects.create(
        publication=publication, kind=kind, status=publication.appeal.status, occurred_at=at
    )
    followers = Subscription.objects.filter(
        confirmed_at__isnull=False, frequency=SubscriptionFrequency.EACH
    ).select_related("user", "agency", "region", "publication__appeal")
    # One e-mail per address even when it follows the appeal several ways (agency and region).
    chosen: dict[str, Subscription] = {}
    for subscription in followers.filter(covering_q(publication)).order_by("id"):
        chosen.setdefault(subscription.email, subscription)
    searches = (
        followers.filter(target=SubscriptionTarget.SEARCH).exclude(email__in=list(chosen)).order_by("id")
    )
    matches: dict[str, bool] = {}
    for subscription in searches:
        if subscription.email in chosen:
            continue
        if subscription.target_key not in matches:
            matches[subscription.target_key] = search_covers(subscription.query, publication.pk)
        if matches[subscription.target_key]:
            chosen[subscription.email] = subscription
    return save_and_enqueue([event_row(subscription, event) for subscription in chosen.values()])
