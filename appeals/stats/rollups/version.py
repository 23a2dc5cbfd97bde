"""The statistics versions: what changed, and what is published.

Every committed change to a rollup records the moment of the change (`stats:changed`), which costs
one cache write and empties nothing. Readers see the *published* version (`stats:published`): it
takes in the latest change only when the previous publication is at least STATS_PUBLISH_SECONDS
old, so cached responses live that long at national traffic, and a published figure is never more
than STATS_PUBLISH_SECONDS behind the rollups (README "Freshness"). `published` is the figures'
"as of": every change committed before it is in them. The published version is
advanced lazily by the first request that finds it due; no process has to run for it, and two
processes advancing it at once agree (the token is the change's own moment).

Each process remembers the published version it last read for at most MEMO_SECONDS (1 s, never
more than STATS_PUBLISH_SECONDS), so a cached statistics hit makes no cache read for it: a
published figure is then at most STATS_PUBLISH_SECONDS + 1 s behind the rollups, and a rebuild
published in another process shows there within 1 s (at once in the process that made it)."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

CHANGED_KEY = "stats:changed"
PUBLISHED_KEY = "stats:published"
MEMO_SECONDS = 1.0
# (moment read in ns, version) of this process's last read; replaced whole, never mutated.
_memo: tuple[int, StatsVersion] | None = None


@dataclass(frozen=True)
class StatsVersion:
    """`token` names the published figures; `modified` is when the rollups last changed before
    they were published; `published` is when this version was taken."""

    token: str
    modified: dt.datetime
    published: dt.datetime


def _now_ns() -> int:
    return time.time_ns()


def _moment(ns: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ns / 1e9, tz=dt.UTC)


def forget_version() -> None:
    """Drop this process's remembered version: the next read asks the cache."""
    global _memo
    _memo = None


def bump_version(*, publish: bool = False) -> None:
    """Record that the rollups changed; `publish` makes the change public at once (a rebuild)."""
    forget_version()
    try:
        now = _now_ns()
        cache.set(CHANGED_KEY, now, timeout=None)
        if publish:
            cache.set(PUBLISHED_KEY, (now, now), timeout=None)
    except Exception:  # the cache being down must never undo a committed change
        logger.exception("Could not record a statistics change; cached statistics may be stale")


def bump_version_on_commit(*, publish: bool = False) -> None:
    transaction.on_commit(lambda: bump_version(publish=publish))


def current_version() -> StatsVersion:
    """The published version, advanced first when a newer change waits and the bound allows;
    remembered in this process for at most MEMO_SECONDS (see the module's docstring)."""
    global _memo
    memo, ttl = _memo, min(MEMO_SECONDS, float(settings.STATS_PUBLISH_SECONDS)) * 1e9
    moment = _now_ns()
    if memo is not None and 0 <= moment - memo[0] < ttl:
        return memo[1]
    version = _read_version()
    _memo = (moment, version)
    return version


def _read_version() -> StatsVersion:
    now = _now_ns()
    try:
        found = cache.get_many([CHANGED_KEY, PUBLISHED_KEY])
        changed = found.get(CHANGED_KEY)
        published = found.get(PUBLISHED_KEY)
        if changed is None:  # a cache that lost it (restart, eviction) starts afresh
            changed = now
            if not cache.add(CHANGED_KEY, changed, timeout=None):
                changed = cache.get(CHANGED_KEY) or changed
        bound = settings.STATS_PUBLISH_SECONDS * 1_000_000_000
        if published is None or now - published[1] >= bound:
            # Re-taken even when nothing changed: "as of" then moves on while the token (and so
            # every cached response) stays.
            published = (int(changed), now)
            cache.set(PUBLISHED_KEY, published, timeout=None)
    except Exception:  # no cache: every request is a new version (correct, only slower)
        logger.exception("Statistics cache unavailable")
        published = (now, now)
    token, taken = published
    return StatsVersion(str(token), _moment(token), _moment(taken))
