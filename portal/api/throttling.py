"""DRF's throttles on the portal's terms: the client's address from `portal.ratelimit.client_ip`
(the one NUM_PROXIES rule), and fail-open — with the cache unreachable a request is let through
and a warning logged, instead of every API call failing with it."""

from __future__ import annotations

import logging
from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from portal.ratelimit import CACHE_ERRORS, client_ip

logger = logging.getLogger(__name__)


class PortalThrottleMixin(SimpleRateThrottle):
    def get_ident(self, request: Request) -> str:
        return client_ip(request._request) or ""

    def allow_request(self, request: Request, view: Any) -> bool:
        try:
            return super().allow_request(request, view)
        except CACHE_ERRORS as error:
            logger.warning("API throttle %s not enforced: the cache is unreachable (%s)", self.scope, error)
            return True


class AnonThrottle(PortalThrottleMixin, AnonRateThrottle):
    pass


class UserThrottle(PortalThrottleMixin, UserRateThrottle):
    pass
