"""The portal's one rate limiter and its one notion of the client's address.

Fixed windows counted in the shared cache (Redis): one counter per (scope, kind, who, window),
raised and given its expiry by one Lua script (one round trip for every limit an attempt counts
against), atomic in Redis, so parallel web workers share one count and two requests at once cannot
both slip under the limit. DRF's throttles count the same way (portal/api/throttling.py). Limits are
set in `settings.DIALOG_RATE_LIMITS` as "<count>/<second|minute|hour|day>" per scope and per
kind ("ip", "account"); a scope or kind without a limit is not limited. Every attempt counts.

Fail-open: when the cache cannot be reached the attempt is allowed and a warning is logged.
A limit slows abuse down; it must never stop citizens filing or officials answering while Redis
is away (the database, which is the system of record, is still there).

Why not django-ratelimit: it is a decorator on views keyed by its own `ip` lookup, while these
limits are also counted inside services that have no request (blog reports per reader), must
hand a Retry-After back to HTML pages, DRF views and the sign-in forms alike, and must share the
one client-address rule below with django-axes and DRF's throttles.

The client address honours `settings.NUM_PROXIES` (the only setting for it): behind N trusted
reverse proxies the client is the N-th address from the right of X-Forwarded-For (what the
nearest proxy saw), so a client cannot pick its own address by sending the header; with 0 the
header is ignored. A forwarded entry that is not an IP address counts as the proxy's address.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from redis.exceptions import RedisError

from portal.cache import redis_client, redis_serializer

logger = logging.getLogger(__name__)

_PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
# What the cache raises when it cannot be reached: Redis in production, files on a laptop.
CACHE_ERRORS: tuple[type[Exception], ...] = (RedisError, OSError)


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        count, _slash, period = text.partition("/")
        if period not in _PERIODS or not count.isdigit():
            raise ValueError(f"A rate looks like '10/hour', not {text!r}")
        return cls(int(count), _PERIODS[period])


@dataclass(frozen=True)
class Limited:
    """A refusal: which limit was hit and how long until it resets."""

    scope: str
    kind: str
    retry_after: int

    @property
    def retry_minutes(self) -> int:
        return max(1, -(-self.retry_after // 60))


def _ip_or_none(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address (see the module's docstring), or None when there is no valid one."""
    remote = _ip_or_none(str(request.META.get("REMOTE_ADDR", "") or ""))
    proxies = int(getattr(settings, "NUM_PROXIES", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", "") or "")
    addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
    if not addresses:
        return remote
    # Not an address where one must be: count it under the proxy's address, never under none.
    return _ip_or_none(addresses[-min(proxies, len(addresses))]) or remote


def _key(scope: str, kind: str, who: str, window: int) -> str:
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{kind}:{digest}:{window}"


# One round trip, atomic: each counter raised, given its window's expiry when it is new (so it
# never lives without one), then the value under the last key when one more key than expiries is
# given. KEYS: the counters [, the key to read]; ARGV: each counter's expiry in seconds.
_COUNT_SCRIPT = """
local counters = #ARGV
local replies = {}
for i = 1, counters do
  local count = redis.call('INCR', KEYS[i])
  if count == 1 then redis.call('EXPIRE', KEYS[i], ARGV[i]) end
  replies[i] = count
end
if #KEYS > counters then replies[counters + 1] = redis.call('GET', KEYS[counters + 1]) end
return replies
"""
_scripts: dict[int, Any] = {}  # per redis-py client: the script, its digest worked out once


def _count(keys: list[tuple[str, int]], read: str | None) -> tuple[list[int], Any]:
    """One more attempt under each (key, timeout): the counts so far in their windows, and the
    cached value under `read` (None when absent or not asked for)."""
    client = redis_client()
    if client is None:
        counts = [_count_through_cache_api(key, timeout) for key, timeout in keys]
        return counts, (cache.get(read) if read is not None else None)
    script = _scripts.get(id(client))
    if script is None:
        script = _scripts[id(client)] = client.register_script(_COUNT_SCRIPT)
    names = [cache.make_and_validate_key(key) for key, _timeout in keys]
    if read is not None:
        names.append(cache.make_and_validate_key(read))
    replies = script(keys=names, args=[timeout for _key, timeout in keys], client=client)
    counts = [int(count) for count in replies[: len(keys)]]
    raw = replies[len(keys)] if read is not None and len(replies) > len(keys) else None
    return counts, (None if raw is None else redis_serializer().loads(raw))


def _count_through_cache_api(key: str, timeout: int) -> int:
    """Any other cache (files on a laptop): `add` then `incr`, each atomic where the cache is."""
    cache.add(key, 0, timeout=timeout)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr: this is the first hit of a new window
        cache.add(key, 1, timeout=timeout)
        return 1


def count_attempts(
    scope: str, limits: list[tuple[str, str, Rate]], *, now: float | None = None
) -> Limited | None:
    """Count one attempt at `scope` under each (kind, who, rate); None when every one allows it
    (or when the cache cannot be reached: fail-open, with a warning), else a refusal (of the last
    limit exceeded, so an account's before its address's)."""
    return count_attempts_and_read(scope, limits, read=None, now=now)[0]


def count_attempts_and_read(
    scope: str, limits: list[tuple[str, str, Rate]], *, read: str | None, now: float | None = None
) -> tuple[Limited | None, Any]:
    """`count_attempts`, and the cache's value under the key `read` fetched in the same round
    trip (for a cached answer that must not skip the limit). With the cache unreachable:
    allowed, and no value."""
    limits = [(kind, who, rate) for kind, who, rate in limits if who]
    if not limits and read is None:
        return None, None
    moment = time.time() if now is None else now
    windows = [int(moment // rate.seconds) for _kind, _who, rate in limits]
    keys = [
        (_key(scope, kind, who, window), rate.seconds + 1)
        for (kind, who, rate), window in zip(limits, windows, strict=True)
    ]
    try:
        counts, value = _count(keys, read)
    except CACHE_ERRORS as error:
        kinds = "/".join(kind for kind, _who, _rate in limits)
        logger.warning("Rate limit %s/%s not enforced: the cache is unreachable (%s)", scope, kinds, error)
        return None, None
    refusal: Limited | None = None
    for (kind, _who, rate), window, count in zip(limits, windows, counts, strict=True):
        if count > rate.count:
            retry_after = int((window + 1) * rate.seconds - moment) + 1
            refusal = Limited(scope=scope, kind=kind, retry_after=retry_after)
    return refusal, value


def _configured(scope: str, kind: str) -> Rate | None:
    rate_text = getattr(settings, "DIALOG_RATE_LIMITS", {}).get(scope, {}).get(kind)
    return Rate.parse(rate_text) if rate_text else None


def hit(scope: str, kind: str, who: str, *, now: float | None = None) -> Limited | None:
    """Count one attempt by `who` at `scope` under the `kind` limit; None when allowed."""
    rate = _configured(scope, kind)
    if rate is None:
        return None
    return count_attempts(scope, [(kind, who, rate)], now=now)


def rate_limit(
    request: HttpRequest, scope: str, *, account: str | None = None, now: float | None = None
) -> Limited | None:
    """Count one attempt at `scope` for the client's address and for an account — the one
    named, or the signed-in user's. Returns None when allowed, or the first limit it exceeds."""
    user = getattr(request, "user", None)
    if account is None and user is not None and user.is_authenticated:
        account = str(user.pk)
    limits = []
    for kind, who in (("ip", client_ip(request)), ("account", account)):
        rate = _configured(scope, kind)
        if rate is not None and who:
            limits.append((kind, who, rate))
    return count_attempts(scope, limits, now=now)


def too_many_requests(request: HttpRequest, refusal: Limited) -> HttpResponse:
    """The page that says a limit was hit and when to try again (429 with Retry-After)."""
    response = render(request, "accounts/too_many_requests.html", {"refusal": refusal}, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response
