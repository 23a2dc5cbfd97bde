"""The statistics version: changes (after commit) whenever a rollup changes, so cached responses
and ETags are keyed on it and never need to be hunted down and deleted."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "stats:version"


@dataclass(frozen=True)
class StatsVersion:
    token: str
    modified: dt.datetime


def _new_token() -> str:
    return str(time.time_ns())


def _parse(token: str) -> StatsVersion:
    return StatsVersion(token, dt.datetime.fromtimestamp(int(token) / 1e9, tz=dt.UTC))


def bump_version() -> None:
    try:
        cache.set(VERSION_KEY, _new_token(), timeout=None)
    except Exception:  # the cache being down must never undo a committed change
        logger.exception("Could not bump the statistics version; cached statistics may be stale")


def bump_version_on_commit() -> None:
    transaction.on_commit(bump_version)


def current_version() -> StatsVersion:
    """The version now; a cache that lost it (restart, eviction) starts a new one."""
    try:
        token = cache.get(VERSION_KEY)
        if token is None:
            token = _new_token()
            if not cache.add(VERSION_KEY, token, timeout=None):
                token = cache.get(VERSION_KEY) or token
    except Exception:  # no cache: every request is a new version (correct, only slower)
        logger.exception("Statistics cache unavailable")
        token = _new_token()
    return _parse(str(token))
