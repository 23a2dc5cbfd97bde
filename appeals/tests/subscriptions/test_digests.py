"""The daily digest: once per subscriber and day, only what is still in the register."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from appeals.models import Appeal, Subscription, SubscriptionDigest
from appeals.services.publication import publication_withdraw
from appeals.subscriptions.digests import send_digests
from appeals.subscriptions.services import next_digest_at
from appeals.tests.subscriptions.conftest import subscription_mails
from portal.accounts.models import User

pytestmark = pytest.mark.django_db

AGENCY = {"target": "agency", "agency": "ministry-of-health"}


def _due(subscription: Subscription) -> dt.datetime:
    subscription.refresh_from_db()
    assert subscription.next_digest_at is not None
    return subscription.next_digest_at


def test_the_digest_moment_is_the_digest_hour_in_almaty(settings) -> None:
    settings.DIALOG_DIGEST_HOUR = 8
    after = timezone.make_aware(dt.datetime(2026, 5, 4, 9, 30))
    assert timezone.localtime(next_digest_at(after)) == timezone.make_aware(dt.datetime(2026, 5, 5, 8, 0))
    before = timezone.make_aware(dt.datetime(2026, 5, 4, 7, 0))
    assert timezone.localtime(next_digest_at(before)) == timezone.make_aware(dt.datetime(2026, 5, 4, 8, 0))


def test_a_digest_lists_the_day_s_changes_once_however_often_it_runs(
    published_file: Callable[..., Appeal], follow: Callable[..., Subscription]
) -> None:
    subscription = follow("daily", **AGENCY)
    first = published_file(subject="Clinic queue")
    second = published_file(subject="Hospital parking")
    due = _due(subscription)
    assert send_digests(now=due - dt.timedelta(minutes=1)) == 0  # not yet
    assert send_digests(now=due) == 1
    assert send_digests(now=due) == 0
    assert send_digests(now=due + dt.timedelta(hours=3)) == 0
    [digest] = subscription_mails(kind="subscription_digest")
    assert first.tracking_number in digest.body and second.tracking_number in digest.body
    assert digest.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert SubscriptionDigest.objects.get().events == 2


def test_the_same_day_twice_writes_one_e_mail_even_when_rescheduled(
    published_file: Callable[..., Appeal], follow: Callable[..., Subscription]
) -> None:
    subscription = follow("daily", **AGENCY)
    published_file()
    due = _due(subscription)
    send_digests(now=due)
    # As if a crashed run left the subscription due again for the same day.
    Subscription.objects.filter(pk=subscription.pk).update(
        next_digest_at=due, digest_since=due - dt.timedelta(days=1)
    )
    send_digests(now=due + dt.timedelta(minutes=5))
    assert len(subscription_mails(kind="subscription_digest")) == 1


def test_the_next_day_reports_only_what_is_new(
    published_file: Callable[..., Appeal], follow: Callable[..., Subscription]
) -> None:
    subscription = follow("daily", **AGENCY)
    old = published_file(subject="Clinic queue")
    due = _due(subscription)
    send_digests(now=due)
    new = published_file(subject="Hospital parking")
    from appeals.models import SubscriptionEvent

    SubscriptionEvent.objects.filter(publication__appeal=new).update(occurred_at=due + dt.timedelta(hours=1))
    next_due = _due(subscription)
    assert send_digests(now=next_due) == 1
    second = subscription_mails(kind="subscription_digest")[-1]
    assert new.tracking_number in second.body and old.tracking_number not in second.body


def test_nothing_new_means_no_e_mail(follow: Callable[..., Subscription]) -> None:
    subscription = follow("daily", **AGENCY)
    assert send_digests(now=_due(subscription)) == 0
    assert subscription_mails() == []
    assert SubscriptionDigest.objects.get().events == 0


def test_a_withdrawn_publication_leaves_the_digest(
    published_file: Callable[..., Appeal], follow: Callable[..., Subscription], citizen: User
) -> None:
    subscription = follow("daily", **AGENCY)
    kept = published_file(subject="Clinic queue")
    withdrawn = published_file(subject="Hospital parking")
    publication_withdraw(actor=citizen, publication=withdrawn.publication)
    send_digests(now=_due(subscription))
    [digest] = subscription_mails(kind="subscription_digest")
    assert kept.tracking_number in digest.body and withdrawn.tracking_number not in digest.body


def test_unconfirmed_and_immediate_subscriptions_get_no_digest(
    published_file: Callable[..., Appeal], follow: Callable[..., Subscription], make_citizen
) -> None:
    from appeals.subscriptions.services import subscription_follow
    from appeals.subscriptions.targets import resolve_target

    follow("each", **AGENCY)
    unverified = make_citizen(verified=False)
    subscription_follow(actor=unverified, target=resolve_target(AGENCY), frequency="daily", language="en")
    published_file()
    send_digests(now=timezone.now() + dt.timedelta(days=2))
    assert subscription_mails(kind="subscription_digest") == []
