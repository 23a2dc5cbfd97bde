"""/readyz: 200 when the database, the cache and the Celery broker all answer, 503 otherwise.

/healthz says the process answers (a liveness probe); /readyz says this instance can serve
(a readiness probe: a load balancer sends it traffic, compose waits for it). The checks are
portal.health's, so the two never disagree about what "reachable" means.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from portal.health import CHECKS


def run_checks() -> dict[str, str]:
    """Each dependency's state: "ok", or "error: <exception type>" (never the message, which
    may carry a URL with a password)."""
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # readiness reports every failure, whatever it is
            results[name] = f"error: {type(error).__name__}"
    return results


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    results = run_checks()
    ready = all(value == "ok" for value in results.values())
    return JsonResponse(
        {"status": "ready" if ready else "unavailable", **results}, status=200 if ready else 503
    )
