"""Parallel test processes share one Redis: clearing one's cache leaves the other's keys."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis")


def test_clearing_one_workers_cache_leaves_the_others_keys() -> None:
    backend = "portal.tests.xdist_cache.WorkerScopedRedisCache"
    two = {
        "default": {"BACKEND": backend, "LOCATION": settings.REDIS_URL, "KEY_PREFIX": "dialog-test-a"},
        "other": {"BACKEND": backend, "LOCATION": settings.REDIS_URL, "KEY_PREFIX": "dialog-test-b"},
    }
    with override_settings(CACHES=two):
        mine, theirs = caches["default"], caches["other"]
        mine.set("k", 1)
        theirs.set("k", 2)
        mine.clear()
        assert mine.get("k") is None and theirs.get("k") == 2
        theirs.clear()
