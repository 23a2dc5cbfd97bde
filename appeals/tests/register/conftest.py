from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache

from appeals.models import Appeal
from appeals.services.publication import publication_approve
from officials.models import Official
from officials.tests.fixtures import *  # noqa: F403

IIN = "880101300123"  # a valid check digit


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published_file(file_appeal: Callable[..., Appeal], officer: Official) -> Callable[..., Appeal]:
    """File an appeal with publication asked for, and have the agency publish it."""

    def file(**overrides: Any) -> Appeal:
        appeal = file_appeal(publish=True, **overrides)
        publication_approve(actor=officer.user, publication=appeal.publication)
        appeal.refresh_from_db()
        return appeal

    return file
