"""Rate limits per account and per client address, counted in the shared cache (Redis).

Fixed windows: one counter per (scope, who, window), created with `cache.add` and raised with
`cache.incr`, both atomic in Redis, so parallel web workers share one count. Limits are set in
`settings.DIALOG_RATE_LIMITS` as "<count>/<second|minute|hour|day>" per scope and per kind
("ip" or "account"); a scope or kind without a limit is not limited.

The client address honours `settings.NUM_PROXIES`: behind N trusted reverse proxies the client
is the N-th address from the right of X-Forwarded-For (what the nearest proxy saw), so a
client cannot pick its own address by sending the header; with 0 the header is ignored.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

_PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


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


def client_ip(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    proxies = int(getattr(settings, "NUM_PROXIES", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", "") or "")
    addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
    if not addresses:
        return remote
    return addresses[-min(proxies, len(addresses))]


def _key(scope: str, kind: str, who: str, window: int) -> str:
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{kind}:{digest}:{window}"


def _hit(scope: str, kind: str, who: str, rate: Rate, now: float) -> Limited | None:
    window = int(now // rate.seconds)
    key = _key(scope, kind, who, window)
    retry_after = int((window + 1) * rate.seconds - now) + 1
    cache.add(key, 0, timeout=rate.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this is the first hit of a new window
        cache.add(key, 1, timeout=rate.seconds + 1)
        count = 1
    if count > rate.count:
        return Limited(scope=scope, kind=kind, retry_after=retry_after)
    return None


def rate_limit(request: HttpRequest, scope: str, *, now: float | None = None) -> Limited | None:
    """Count one attempt at `scope` for the client's address and, when signed in, its account.

    Returns None when the attempt is allowed, or the first limit it exceeds.
    """
    limits: dict[str, str] = getattr(settings, "DIALOG_RATE_LIMITS", {}).get(scope, {})
    moment = time.time() if now is None else now
    refusal: Limited | None = None
    user = getattr(request, "user", None)
    who = {"ip": client_ip(request)}
    if user is not None and user.is_authenticated:
        who["account"] = str(user.pk)
    for kind, identity in who.items():
        rate_text = limits.get(kind)
        if not rate_text or not identity:
            continue
        refusal = _hit(scope, kind, identity, Rate.parse(rate_text), moment) or refusal
    return refusal
