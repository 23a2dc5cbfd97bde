"""Public reads from a streaming replica (DATABASE_REPLICA_URL), everything else from the primary.

- Only GET/HEAD requests to public pages (statistics, reference data, blogs, the public register,
  consultations, live sessions, Open311) read from the replica, and only the public apps' tables
  (`REPLICA_APPS`); sessions, users and tokens are always read from the primary.
- Read-your-writes: a browser that has just written (any successful POST, PUT, PATCH or DELETE)
  gets a cookie for `REPLICA_READ_YOUR_WRITES_SECONDS`; while it lasts every read of that browser
  goes to the primary, so a citizen sees their new question on the blog at once. A citizen's and
  an official's own pages (appeals, inbox, admin, the citizen API) never use the replica at all.
- Fallback: before a request is routed to the replica its connection is checked; a replica that
  does not answer is left alone for `REPLICA_RETRY_SECONDS` and the primary serves meanwhile.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA = "replica"
REPLICA_APPS = frozenset({"appeals", "officials", "blogs", "live", "consultations"})
WROTE_COOKIE = "dialog_wrote"
_PUBLIC_READS = re.compile(
    r"^/(?:api/v1/(?:stats|regions|agencies|deputies|register|consultations|live)/"
    r"|open311/"
    r"|(?:kk|ru|en)/(?:stats|blogs|register|consultations|live)/)"
)
_SAFE = frozenset({"GET", "HEAD"})
_reads_from: ContextVar[str | None] = ContextVar("dialog_reads_from", default=None)
_down_until = 0.0


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_ready() -> bool:
    """Whether the replica answers now; a failure sends reads to the primary for a while."""
    global _down_until
    if time.monotonic() < _down_until:
        return False
    replica = connections[REPLICA]
    try:
        if replica.connection is not None and not replica.is_usable():
            replica.close()
        replica.ensure_connection()
        return True
    except DatabaseError as error:
        replica.close()
        _down_until = time.monotonic() + settings.REPLICA_RETRY_SECONDS
        logger.warning("Read replica unavailable (%s); reading from the primary", type(error).__name__)
        return False


def reads_from_replica(request: HttpRequest) -> bool:
    return (
        request.method in _SAFE
        and _PUBLIC_READS.match(request.path_info) is not None
        and WROTE_COOKIE not in request.COOKIES
    )


class ReplicaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        use_replica = reads_from_replica(request) and replica_ready()
        token = _reads_from.set(REPLICA if use_replica else None)
        try:
            response = self.get_response(request)
        finally:
            _reads_from.reset(token)
        if request.method not in _SAFE and response.status_code < 400:
            response.set_cookie(
                WROTE_COOKIE,
                "1",
                max_age=settings.REPLICA_READ_YOUR_WRITES_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response


class ReplicaRouter:
    """Reads of the public apps' tables go where ReplicaMiddleware decided; all else: primary."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        if _reads_from.get() == REPLICA and model._meta.app_label in REPLICA_APPS:
            return REPLICA
        return "default"

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
