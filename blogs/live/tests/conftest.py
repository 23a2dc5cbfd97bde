"""Live fixtures: a session of the health ministry, and questions at any stage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from blogs.live.models import LiveQuestion, LiveSession
from blogs.live.services import live_question_approve, live_question_ask, live_session_schedule
from officials.models import Agency, Official, Region
from portal.accounts.models import User


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """Rate limits and the fragment live in the cache (Redis in CI): start every test empty."""
    cache.clear()


@pytest.fixture
def session(head: Official, health_ministry: Agency) -> LiveSession:
    start = timezone.now() + dt.timedelta(days=1)
    return live_session_schedule(
        actor=head.user,
        agency=health_ministry,
        topic="Queues in city clinics",
        host_name="Aigerim Sultanova, Minister of Health",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )


@pytest.fixture
def ask(
    session: LiveSession, make_citizen: Callable[..., User], almaty: Region
) -> Callable[..., LiveQuestion]:
    def make(**overrides: Any) -> LiveQuestion:
        arguments: dict[str, Any] = {
            "actor": overrides.pop("actor", None) or make_citizen(),
            "session": session,
            "text": "Why is the queue for a specialist three weeks long?",
            "region": almaty,
            "language": "en",
            **overrides,
        }
        return live_question_ask(**arguments)

    return make


@pytest.fixture
def approved(ask: Callable[..., LiveQuestion], officer: Official) -> Callable[..., LiveQuestion]:
    def make(**overrides: Any) -> LiveQuestion:
        return live_question_approve(actor=officer.user, question=ask(**overrides))

    return make
