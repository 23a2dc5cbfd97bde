"""Reads of subscriptions: the account page's list."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from appeals.models.subscriptions import Subscription, SubscriptionTarget
from appeals.subscriptions.feed_paths import feed_path
from appeals.subscriptions.targets import describe, target_of
from portal.accounts.models import User


@dataclass(frozen=True)
class AccountSubscription:
    id: int
    what: str
    frequency: str
    confirmed: bool
    feed_url: str


def owned_by(user: User) -> Q:
    """The account's subscriptions: made while signed in, or confirmed from its (verified) address."""
    mine = Q(user=user)
    if user.email_verified_at is not None:
        mine |= Q(email__iexact=user.email, confirmed_at__isnull=False)
    return mine


def account_subscriptions(user: User, language: str) -> list[AccountSubscription]:
    rows = (
        Subscription.objects.filter(owned_by(user))
        .select_related("agency", "region", "publication__appeal")
        .order_by("-created_at", "-id")
    )
    return [
        AccountSubscription(
            id=row.pk,
            what=describe(row, language),
            frequency=row.frequency,
            confirmed=row.confirmed_at is not None,
            feed_url=feed_path(target_of(row)),
        )
        for row in rows
        if row.target != SubscriptionTarget.APPEAL or row.publication is not None
    ]
