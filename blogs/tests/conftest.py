"""Blog fixtures: the health minister's open blog, and a factory of questions at any stage."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache

from blogs.models import Blog, BlogQuestion
from blogs.services import blog_question_approve, blog_question_ask
from officials.models import Agency, Official, Region
from portal.accounts.models import User


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """Rate-limit counters live in the cache (Redis in CI): start every test from zero."""
    cache.clear()


@pytest.fixture
def blog(head: Official, health_ministry: Agency) -> Blog:
    return Blog.objects.create(
        agency=health_ministry,
        head=head,
        name="Aigerim Sultanova",
        position="Minister of Health",
        is_open=True,
    )


@pytest.fixture
def ask(blog: Blog, citizen: User, almaty: Region) -> Callable[..., BlogQuestion]:
    def make(**overrides: Any) -> BlogQuestion:
        arguments: dict[str, Any] = {
            "actor": citizen,
            "blog": blog,
            "region": almaty,
            "subject": "Queues at clinic No. 5",
            "text": "Why is the queue for a specialist three weeks long?",
            "language": "en",
            **overrides,
        }
        return blog_question_ask(**arguments)

    return make


@pytest.fixture
def published(ask: Callable[..., BlogQuestion], head: Official) -> Callable[..., BlogQuestion]:
    def make(**overrides: Any) -> BlogQuestion:
        return blog_question_approve(actor=head.user, question=ask(**overrides))

    return make
