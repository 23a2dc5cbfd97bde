"""A per-reader limit on reports, on the Django cache (Redis in production).

Questions use the portal's own limiter (`portal.ratelimit`, the "file_appeal" budget: a public
question is an appeal). Reports have no budget in the portal's settings, so this small fixed-window
counter limits them per reader. Only reports that were accepted are counted.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int

    def _key(self, who: str | int, now: float) -> str:
        return f"blogs:rl:{self.name}:{who}:{int(now // self.seconds)}"

    def exceeded(self, who: str | int, *, now: float | None = None) -> bool:
        return int(cache.get(self._key(who, now or time.time()), 0)) >= self.count

    def record(self, who: str | int, *, now: float | None = None) -> None:
        key = self._key(who, now or time.time())
        cache.add(key, 0, timeout=self.seconds)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.seconds)
