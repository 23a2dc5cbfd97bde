"""Signed links of a subscription: confirm it (double opt-in) and end it (one click).

Each token signs the subscription's id together with its address and what it follows, under a
salt per purpose: a token works for that one subscription and that one purpose; it cannot be
made without SECRET_KEY, nor turned into another subscription's by changing the id. Ending a
subscription deletes its row, so a used unsubscribe link finds nothing to end again, and a later
subscription to the same thing has a new id that the old link does not name.
"""

from __future__ import annotations

import hashlib

from django.core import signing

from appeals.models.subscriptions import Subscription

CONFIRM_SALT = "appeals.subscriptions.confirm"
UNSUBSCRIBE_SALT = "appeals.subscriptions.unsubscribe"
# A confirmation link works for 3 days; an unsubscribe link as long as the subscription lives
# (RFC 8058 asks that it keep working well after the message was sent).
CONFIRM_MAX_AGE = 3 * 24 * 3600


def _fingerprint(subscription: Subscription) -> str:
    text = f"{subscription.email.lower()}|{subscription.target_key}|{subscription.created_at.isoformat()}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _make(subscription: Subscription, salt: str) -> str:
    return signing.dumps([subscription.pk, _fingerprint(subscription)], salt=salt, compress=True)


def _resolve(token: str, salt: str, max_age: int | None) -> Subscription | None:
    try:
        pk, fingerprint = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(fingerprint, str):
        return None
    subscription = Subscription.objects.filter(pk=pk).first()
    if subscription is None or _fingerprint(subscription) != fingerprint:
        return None
    return subscription


def confirm_token(subscription: Subscription) -> str:
    return _make(subscription, CONFIRM_SALT)


def unsubscribe_token(subscription: Subscription) -> str:
    return _make(subscription, UNSUBSCRIBE_SALT)


def subscription_to_confirm(token: str) -> Subscription | None:
    return _resolve(token, CONFIRM_SALT, CONFIRM_MAX_AGE)


def subscription_to_end(token: str) -> Subscription | None:
    return _resolve(token, UNSUBSCRIBE_SALT, None)
