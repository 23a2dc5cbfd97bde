"""Two requests to follow the same thing at once, on two real PostgreSQL connections: one
subscription, both requests answered normally."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from appeals.models import Subscription
from appeals.tests.subscriptions.conftest import subscription_mails
from portal.tests.concurrency import HeldLock, release_when_waiting, run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]

AGENCY = {"target": "agency", "agency": "ministry-of-health", "frequency": "daily"}


def hold_subscription_writes() -> HeldLock:
    """Both requests queue before their INSERT, then insert together once released: the second
    one meets the first one's uncommitted row on the unique index, the real race."""

    def take() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Subscription._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")

    return HeldLock(take)


def test_two_clicks_at_once_make_one_subscription(transactional_reference, make_citizen) -> None:
    user = make_citizen()

    def click():  # type: ignore[no-untyped-def]
        client = Client()
        client.force_login(user)
        return lambda: client.post("/en/accounts/subscriptions/follow/", AGENCY)

    clicks = [click(), click()]
    with hold_subscription_writes() as lock:
        responses = run_together(clicks, before_release=release_when_waiting(lock, 2))
    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    assert Subscription.objects.filter(user=user).count() == 1


def test_two_visitors_forms_at_once_make_one_subscription_and_one_confirmation(
    transactional_reference,
) -> None:
    def send():  # type: ignore[no-untyped-def]
        form = {**AGENCY, "email": "reader@example.kz"}
        return lambda: Client().post("/en/accounts/subscriptions/follow/", form)

    with hold_subscription_writes() as lock:
        responses = run_together([send(), send()], before_release=release_when_waiting(lock, 2))
    assert [getattr(r, "status_code", r) for r in responses] == [200, 200]
    assert Subscription.objects.filter(email="reader@example.kz").count() == 1
    assert len(subscription_mails(kind="subscription_confirm")) == 1
