"""Breakdowns cached in Redis under the rollup version: a change to any rollup makes a new
version, so a cached answer is never stale and old entries simply expire."""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache

from appeals.stats.publish.breakdowns import Row, breakdown_rows
from appeals.stats.publish.filters import StatsQuery
from appeals.stats.rollups.version import StatsVersion, current_version

logger = logging.getLogger(__name__)
CACHE_SECONDS = 24 * 3600


def cached_breakdown(
    kind: str, query: StatsQuery, language: str, version: StatsVersion | None = None
) -> list[Row]:
    version = version or current_version()
    digest = hashlib.sha256(query.cache_part().encode()).hexdigest()[:32]
    key = f"stats:{version.token}:{kind}:{language}:{digest}"
    try:
        rows: list[Row] | None = cache.get(key)
    except Exception:  # a cache outage slows statistics down; it must not break them
        logger.exception("Statistics cache unavailable")
        return breakdown_rows(kind, query, language, version)
    if rows is None:
        rows = breakdown_rows(kind, query, language, version)
        try:
            cache.set(key, rows, CACHE_SECONDS)
        except Exception:
            logger.exception("Statistics cache unavailable")
    return rows
