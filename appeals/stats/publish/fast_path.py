"""Cached statistics answered before the URL resolver and DRF.

A statistics GET whose bytes are cached (`rendered`) needs no view: the throttle's counter and the
cached entry are fetched in one Redis round trip, and the entry is sent as the view would send it
(the same bytes, ETag, Last-Modified, Statistics-As-Of, Vary, Allow, gzip). It sits right after
the language is chosen and malformed input refused: the middleware above it treats the response
as any other (language, CORS, security headers, request id, metrics); of the middleware below it
only two add anything to such a response, X-Frame-Options and Content-Length, and that is done
here (authentication, sessions, CSRF, messages and django-axes have nothing to do for an anonymous
GET that no view sees).

Anything else — a miss, a refusal by the throttle, a query it does not recognise, another method,
HTML or another format asked for, a cache other than Redis — goes on to the view unchanged, which
answers it (and, for a 429 or an error, in the language asked for).

The throttle is not skipped: the request is counted here against the same counter DRF's
`StatsThrottle` raises, and marked so the view does not count it a second time on a miss."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.gzip import GZipMiddleware
from django.urls import ResolverMatch, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from appeals.stats.publish import rendered
from appeals.stats.publish.api import STATS_ROUTES, StatsThrottle, StatsViewSet
from appeals.stats.rollups.version import current_version
from portal.api.throttling import anonymous_limit, limit_key, mark_counted
from portal.cache import redis_client
from portal.ratelimit import count_attempts_and_read

_KINDS = {viewset.kind for _prefix, viewset, _basename in STATS_ROUTES}
_PATH = re.compile(r"^/api/v1/stats/([a-z-]+)/$")
# What the view's content negotiation gives a JSON client: no preference, or JSON exactly. Any
# other Accept (a browser's HTML, CSV by header, parameters) is left to DRF.
_JSON_ACCEPT = frozenset({"", "*/*", "application/json"})
_FORMATS = frozenset({"json", "csv"})
_SUPPORTED = frozenset(code for code, _name in settings.LANGUAGES)
_ALLOW = ", ".join(
    method.upper() for method in StatsViewSet.http_method_names if method in {"get", "head", "options"}
)
_gzip = GZipMiddleware(lambda request: HttpResponse())
_xframe = XFrameOptionsMiddleware(lambda request: HttpResponse())


def _finish(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """What the view's gzip_page and the middleware below this one add to the view's response:
    gzip (Vary: Accept-Encoding on any body of 200 bytes or more), X-Frame-Options (clickjacking)
    and Content-Length (CommonMiddleware). Written out for the usual client, which does not ask
    for gzip: Django's middleware objects cost more than the rest of the answer."""
    if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", ""):
        response = cast(HttpResponse, _gzip.process_response(request, response))  # the same object
    elif len(response.content) >= 200:
        patch_vary_headers(response, ("Accept-Encoding",))
    if "X-Frame-Options" not in response:
        response["X-Frame-Options"] = _xframe.get_xframe_options_value(request, response)
    if "Content-Length" not in response:
        response["Content-Length"] = str(len(response.content))
    return response


@functools.cache
def _match(path: str) -> ResolverMatch:
    """The view the path resolves to, once per path: the metrics label responses by view name."""
    return resolve(path)


def _media(request: HttpRequest) -> str | None:
    asked = request.GET.getlist("format")
    if asked:
        return asked[0] if len(asked) == 1 and asked[0] in _FORMATS else None
    return "json" if request.META.get("HTTP_ACCEPT", "").strip() in _JSON_ACCEPT else None


def _language(request: HttpRequest) -> str | None:
    """`portal.api.language.requested_language`, for a Django request; None for a `lang` the
    view must refuse."""
    asked = request.GET.getlist("lang")
    if asked:
        return asked[0] if len(asked) == 1 and asked[0] in _SUPPORTED else None
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return current if current in _SUPPORTED else settings.LANGUAGE_CODE


def cached_answer(request: HttpRequest) -> HttpResponseBase | None:
    """The cached response to a statistics GET, or None for the view to answer."""
    found = _PATH.match(request.path_info)
    if found is None or found[1] not in _KINDS or redis_client() is None:
        return None
    media, language = _media(request), _language(request)
    if media is None or language is None:
        return None
    version = current_version()
    key, _seen_key = rendered.response_keys(
        request, kind=found[1], params=request.GET, language=language, media=media, version=version
    )
    scope = str(StatsThrottle.scope)
    refusal, entry = count_attempts_and_read(
        limit_key(scope), [anonymous_limit(scope, settings.STATS_THROTTLE_RATE, request)], read=key
    )
    if refusal is not None:
        return None  # the view refuses it (counted once more, already over the limit)
    mark_counted(request, scope)
    if not isinstance(entry, rendered.Rendered):
        return None
    translation.activate(language)  # as the view does: the response's Content-Language
    request.resolver_match = _match(request.path_info)
    response = rendered.respond(request, entry, version)
    response["Allow"] = _ALLOW
    return _finish(request, response)


class StatsFastPathMiddleware:
    """In MIDDLEWARE after LocaleMiddleware (the language) and RejectMalformedInputMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method == "GET" and request.path_info.startswith("/api/v1/stats/"):
            response = cached_answer(request)
            if response is not None:
                return response
        return self.get_response(request)
