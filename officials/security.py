"""The client's address as the login throttle must see it.

Behind `NUM_PROXIES` trusted reverse proxies the client is the address the outermost proxy
appended to X-Forwarded-For (counting from the right, as DRF's throttles do); anything further
left was written by the client and is not trusted. With no proxy the header is ignored, so a
client cannot pick the address it is throttled under.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    proxies: int = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    remote = request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote
    return addresses[-min(proxies, len(addresses))]
