"""Refuse malformed input at the door: a NUL byte or bytes that are not UTF-8, anywhere a request
carries text (path, query string, headers, form or JSON body), get a 400 — before any view, form
or database sees them. PostgreSQL cannot store a NUL in text and refuses it with an error that
would otherwise surface as a 500 wherever such a value reaches a query."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from appeals.open311.errors import ErrorItem
from appeals.open311.formats import render_errors

logger = logging.getLogger(__name__)

_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _clean_bytes(raw: bytes) -> bool:
    if b"\x00" in raw:
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _wsgi_text_is_clean(value: str) -> bool:
    """WSGI hands paths and headers over as latin-1 decoded bytes; undo that to see the bytes."""
    try:
        raw = value.encode("latin-1")
    except UnicodeEncodeError:  # already real text (a test client, another server)
        return "\x00" not in value
    return _clean_bytes(raw)


def _form_encoded_is_clean(text: bytes | str) -> bool:
    raw = text.encode("latin-1", "replace") if isinstance(text, str) else text
    return _clean_bytes(unquote_to_bytes(raw.replace(b"+", b" ")))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _json_is_clean(body: bytes) -> bool:
    if not _clean_bytes(body):
        return False
    try:
        document = json.loads(body)
    except ValueError:  # not JSON at all: the parser of the view answers that with its own 400
        return True
    return not any("\x00" in text for text in _strings(document))


def malformed_part(request: HttpRequest) -> str | None:
    """Which part of the request is malformed, or None when it is clean."""
    if not _wsgi_text_is_clean(str(request.META.get("PATH_INFO", request.path_info))):
        return "path"
    if not _form_encoded_is_clean(str(request.META.get("QUERY_STRING", ""))):
        return "query"
    for key, value in request.META.items():
        if (key.startswith("HTTP_") or key == "CONTENT_TYPE") and not _wsgi_text_is_clean(str(value)):
            return "header"
    if request.method not in _BODY_METHODS:
        return None
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        return None if _form_encoded_is_clean(request.body) else "body"
    if content_type == "application/json" or content_type.endswith("+json"):
        return None if _json_is_clean(request.body) else "body"
    if content_type == "multipart/form-data" and request.method == "POST":
        try:
            fields = request.POST
        except MultiPartParserError:
            return "body"
        if any("\x00" in key or "\x00" in value for key, values in fields.lists() for value in values):
            return "body"
    return None


class RejectMalformedInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        part = malformed_part(request)
        if part is None:
            return self.get_response(request)
        logger.info("Refused a request with malformed %s: %s %r", part, request.method, request.path)
        message = _("The request contains characters the portal cannot accept (a NUL byte or invalid UTF-8).")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "malformed_request"}, status=400)
        if request.path.startswith("/open311/"):
            # GeoReport clients read the specification's error document, in the address's format.
            fmt = "json" if request.path.endswith(".json") else "xml"
            return render_errors(fmt, 400, [ErrorItem("malformed_request", message)])
        return render(request, "400.html", {"detail": message}, status=400)
