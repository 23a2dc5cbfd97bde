"""The test cache under pytest-xdist: Redis shared by every worker process, each under its own
key prefix, and `cache.clear()` clears only this process's keys (Django's RedisCache.clear runs
FLUSHDB, which would also wipe the other processes' cache and their Celery messages)."""

from __future__ import annotations

from portal.cache import PortalRedisCache


class WorkerScopedRedisCache(PortalRedisCache):
    def clear(self) -> None:
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=self.make_key("*"), count=1000))
        if keys:
            client.delete(*keys)
