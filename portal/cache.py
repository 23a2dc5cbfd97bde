"""The portal's Redis cache: Django's RedisCache, with one redis-py client per connection pool.

Django's backend builds a new `redis.Redis` for every operation, and redis-py 8 fills a table of
some 170 response callbacks in each one: about 0.6 ms of Python per cache read or write, more
than the round trip itself. A client is only a handle on the pool (which already holds the
sockets and is fork-aware), so one per pool is enough; the backend instance itself is per thread
(django.core.cache.caches), so no client is shared between threads.

`redis_client()` hands the rate limiter that client, so it can count an attempt in one round trip
(a pipeline) where the cache API would need three."""

from __future__ import annotations

from typing import Any

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class PortalRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class PortalRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = PortalRedisCacheClient


def redis_client() -> Any | None:
    """The default cache's redis-py client for writes, or None when the cache is not Redis (files
    on a laptop, memory in some tests). Keys given to it must go through the cache's
    `make_and_validate_key` first, values read through `redis_serializer()`."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(write=True)  # type: ignore[attr-defined]


def redis_serializer() -> Any:
    """How the default (Redis) cache turns stored bytes back into values."""
    return caches[DEFAULT_CACHE_ALIAS]._cache._serializer  # type: ignore[attr-defined]
