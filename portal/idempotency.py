"""Idempotent writes: the same key from the same caller within 24 hours gets the first response
again, and nothing runs twice.

Two ways in, one mechanism:
- API clients send an `Idempotency-Key` header on any POST that creates or acts
  (`IdempotentPostMixin` for DRF view sets, `idempotent` for Django views);
- the filing form carries a one-time token in a hidden field (`form_token_key`), so a double
  click or a retried submit shows the first appeal.

The key is claimed by inserting a row under a unique constraint in PostgreSQL, in the same
transaction as the write (Redis is not involved, so this holds when Redis is down). A concurrent
request with the same key blocks on that insert until the first transaction ends: it then
replays the stored response (committed) or runs itself (the first one failed and stored nothing).
Only successful responses (2xx, and the redirect after a form) are kept; a refusal is not, so the
caller can correct the request and retry with the same key. The same key with a different
request gets 422.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from portal.models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEPT_FOR = dt.timedelta(hours=24)
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")  # printable ASCII, no spaces

OPENAPI_PARAMETER = OpenApiParameter(
    name=HEADER,
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "A unique value per intended write (a UUID, say), up to 255 printable ASCII characters. "
        "Sent again by the same caller within 24 hours, the request is not executed again: the "
        "first response (status and body) is replayed, with `Idempotent-Replayed: true`. A second "
        "request with the same key while the first is running waits for it. The same key with a "
        "different request is refused with 422."
    ),
)

View = Callable[..., HttpResponse]


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    if request.content_type == "multipart/form-data":
        for name, values in sorted(request.POST.lists()):
            digest.update(f"{name}={values!r}\n".encode())
        for name, uploads in sorted(request.FILES.lists()):
            for upload in uploads:
                digest.update(f"{name}:{upload.name}:{upload.size}:".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status_code, content_type=record.content_type)
    if record.location:
        response["Location"] = record.location
    response[REPLAYED_HEADER] = "true"
    return response


def _refusal(message: str, code: str, status: int) -> HttpResponse:
    return JsonResponse({"detail": message, "code": code}, status=status)


Refusal = Callable[[str, str, int], HttpResponse]


def respond_idempotently(
    request: HttpRequest,
    *,
    user: Any,
    key: str | None,
    run: Callable[[], HttpResponse],
    same_body: bool = True,
    refuse: Refusal = _refusal,
) -> HttpResponse:
    """Run `run` once per (user, key); `same_body=False` for a form token, which identifies
    the form itself (a resubmission shows the first result even if a field was changed).
    `refuse(message, code, status)` renders a refusal of the key in the caller's own error
    format (Open311's `errors` document); JSON by default."""
    if key is None or user is None or not user.is_authenticated:
        return run()
    if not KEY_PATTERN.fullmatch(key):
        return refuse(
            _("The Idempotency-Key must be 1 to 255 printable ASCII characters without spaces."),
            "idempotency_key_invalid",
            400,
        )
    fingerprint = _fingerprint(request) if same_body else ""
    with transaction.atomic():
        record_id, earlier = _claim(user, key, fingerprint)
        if earlier is not None:
            if same_body and earlier.fingerprint != fingerprint:
                return refuse(
                    _(
                        "This Idempotency-Key was already used for a different request. Use a new "
                        "key for a new request."
                    ),
                    "idempotency_key_reused",
                    422,
                )
            return _replay(earlier)
        assert record_id is not None
        response = run()
        if hasattr(response, "render") and callable(response.render):
            response.render()
        kept = IdempotencyRecord.objects.filter(pk=record_id)
        if 200 <= response.status_code < 400 and not response.streaming:
            kept.update(
                status_code=response.status_code,
                content_type=response.get("Content-Type", ""),
                location=response.get("Location", ""),
                body=response.content,
            )
        else:
            kept.delete()
    return response


def _claim(user: Any, key: str, fingerprint: str) -> tuple[int, None] | tuple[None, IdempotencyRecord]:
    """Insert this request's record: (its id, None); or (None, the earlier record) when the caller
    already used the key within KEPT_FOR. The insert waits while another transaction holds the
    same (user, key), until it ends. The caller's expired records are purged on the way."""
    now = timezone.now()
    if connection.vendor == "postgresql":
        claimed = _claim_in_one_statement(user.pk, key, fingerprint, now)
    else:
        claimed = _claim_with_orm(user, key, fingerprint, now)
    if claimed is not None:
        return claimed, None
    # Taken: by a record within KEPT_FOR (replayed), or by an expired one the purge has not
    # removed (the purge and the insert of one statement see the same snapshot).
    earlier = IdempotencyRecord.objects.filter(user=user, key=key).first()
    if earlier is not None and earlier.created_at >= now - KEPT_FOR:
        return None, earlier
    if earlier is not None:
        earlier.delete()
    return _claim(user, key, fingerprint)


def _claim_in_one_statement(user_id: int, key: str, fingerprint: str, now: dt.datetime) -> int | None:
    """One round trip: the purge and the claim. ON CONFLICT DO NOTHING waits for a running
    transaction that inserted the same (user, key), like the unique index under a plain insert,
    but needs no savepoint around it."""
    table = connection.ops.quote_name(IdempotencyRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH purged AS (DELETE FROM {table} WHERE user_id = %s AND created_at < %s) "  # noqa: S608
            f"INSERT INTO {table} "
            "(user_id, key, fingerprint, status_code, content_type, location, body, created_at) "
            "VALUES (%s, %s, %s, NULL, '', '', %s, %s) "
            "ON CONFLICT (user_id, key) DO NOTHING RETURNING id",
            [user_id, now - KEPT_FOR, user_id, key, fingerprint, b"", now],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _claim_with_orm(user: Any, key: str, fingerprint: str, now: dt.datetime) -> int | None:
    IdempotencyRecord.objects.filter(user=user, created_at__lt=now - KEPT_FOR).delete()
    try:
        with transaction.atomic():
            # Waits here while another transaction holds the same (user, key).
            return int(IdempotencyRecord.objects.create(user=user, key=key, fingerprint=fingerprint).pk)
    except IntegrityError:
        return None


def idempotent(view: View) -> View:
    """For a Django view: a POST with an `Idempotency-Key` header runs once per key."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        return respond_idempotently(
            request,
            user=request.user,
            key=request.headers.get(HEADER),
            run=lambda: view(request, *args, **kwargs),
        )

    return wrapper


def form_token_key(token: str) -> str:
    return f"form:{token}"


class IdempotentPostMixin:
    """For a DRF view set: every POST with an `Idempotency-Key` header runs once per key and
    caller (the caller is authenticated first, the way the view set does it; the view then
    reuses that request, so the token is looked up once)."""

    _initialized: Any = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        parent: Any = super()
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None:
            return parent.dispatch(request, *args, **kwargs)  # type: ignore[no-any-return]
        from rest_framework.exceptions import APIException

        drf_request = self.initialize_request(request, *args, **kwargs)  # type: ignore[attr-defined]
        try:
            user = drf_request.user
        except APIException:
            user = None  # the view set answers 401 itself
        else:
            self._initialized = drf_request

        def run() -> HttpResponse:
            return parent.dispatch(request, *args, **kwargs)  # type: ignore[no-any-return]

        return respond_idempotently(request, user=user, key=key, run=run)

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        initialized, self._initialized = self._initialized, None
        if initialized is not None:
            return initialized
        return super().initialize_request(request, *args, **kwargs)  # type: ignore[misc]
