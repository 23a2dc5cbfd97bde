"""DRF's throttles on the portal's terms: the client's address from `portal.ratelimit.client_ip`
(the one NUM_PROXIES rule), counted by the portal's rate limiter (fixed windows, one Redis round
trip per request: DRF's own keeps a list of every request's time in the window, read and written
back whole on each request, two round trips and a list as long as the rate), and fail-open — with
the cache unreachable a request is let through and a warning logged, instead of every API call
failing with it.

A request counted before it reached DRF (the statistics' cached answers,
`appeals.stats.publish.fast_path`) is marked with `mark_counted`, so a miss that goes on to the
view is not counted twice."""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from portal.ratelimit import Rate, client_ip, count_attempts

_COUNTED = "_dialog_throttles_counted"  # on the Django request: the scopes already counted


@functools.cache
def parse_rate(text: str) -> Rate:
    """A DRF rate ("600/minute", also "600/min" or "600/m") as the portal's `Rate`."""
    count, duration = SimpleRateThrottle.parse_rate(None, text)  # type: ignore[arg-type]
    assert count is not None and duration is not None
    return Rate(int(count), int(duration))


def limit_key(scope: str) -> str:
    """The rate limiter's scope for a throttle's counters."""
    return f"api-{scope}"


def anonymous_limit(scope: str, rate_text: str, request: HttpRequest) -> tuple[str, str, Rate]:
    """The (kind, who, rate) an anonymous throttle of `scope` counts a Django request under, for
    `portal.ratelimit.count_attempts` with `limit_key(scope)`: the same counter DRF's view would
    raise."""
    ident = client_ip(request) or ""
    return "client", AnonRateThrottle.cache_format % {"scope": scope, "ident": ident}, parse_rate(rate_text)


def mark_counted(request: HttpRequest, scope: str) -> None:
    setattr(request, _COUNTED, {*getattr(request, _COUNTED, ()), scope})


class PortalThrottleMixin(SimpleRateThrottle):
    _retry_after: int | None = None

    def get_ident(self, request: Request) -> str:
        return client_ip(request._request) or ""

    def allow_request(self, request: Request, view: Any) -> bool:
        if self.rate is None or self.scope in getattr(request._request, _COUNTED, ()):
            return True
        who = self.get_cache_key(request, view)
        if who is None:  # e.g. the anonymous throttle for a signed-in caller
            return True
        refusal = count_attempts(limit_key(str(self.scope)), [("client", who, parse_rate(str(self.rate)))])
        self._retry_after = refusal.retry_after if refusal else None
        return refusal is None

    def wait(self) -> float | None:
        return self._retry_after


class AnonThrottle(PortalThrottleMixin, AnonRateThrottle):
    pass


class UserThrottle(PortalThrottleMixin, UserRateThrottle):
    pass
