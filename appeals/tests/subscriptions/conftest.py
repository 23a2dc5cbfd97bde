"""Published appeals and subscriptions for the subscription tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from appeals.models import Appeal, Notification, Subscription
from appeals.services.publication import publication_approve
from appeals.subscriptions.services import subscription_follow
from appeals.subscriptions.targets import resolve_target
from officials.models import Official
from portal.accounts.models import User

IIN = "880101300123"  # a valid check digit


@pytest.fixture
def published_file(file_appeal: Callable[..., Appeal], officer: Official) -> Callable[..., Appeal]:
    def file(**overrides: Any) -> Appeal:
        appeal = file_appeal(publish=True, **overrides)
        publication_approve(actor=officer.user, publication=appeal.publication)
        appeal.refresh_from_db()
        return appeal

    return file


@pytest.fixture
def follow(make_citizen: Callable[..., User]) -> Callable[..., Subscription]:
    """A confirmed subscription of a new verified citizen (or of `user`) to `params`."""

    def make(
        frequency: str = "each", *, user: User | None = None, language: str = "en", **params: str
    ) -> Subscription:
        follower = user or make_citizen(language=language)
        return subscription_follow(
            actor=follower, target=resolve_target(params), frequency=frequency, language=language
        )

    return make


def subscription_mails(**filters: Any) -> list[Notification]:
    return list(Notification.objects.filter(kind__startswith="subscription_", **filters).order_by("id"))


def now() -> Any:
    return timezone.now()
