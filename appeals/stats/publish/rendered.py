"""Statistics responses cached as the bytes sent: per endpoint, normalised query, language, format
and published version, so a hit is two cache reads and no database, no pagination, no rendering.

What is cached is the response after disclosure control (`breakdowns` reads the protected base
table), so no unprotected figure can reach this cache; the endpoints are anonymous (no
authentication classes), so nobody's own exact figures can either.

Conditional requests are answered from the same entry: its ETag is a digest of the bytes, and its
Last-Modified is when those bytes last differed from the previous version's (kept under a
version-free key), so a change elsewhere in the country does not make a newsroom's script
download an unchanged table again."""

from __future__ import annotations

import functools
import hashlib
import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from appeals.stats.rollups.version import StatsVersion

logger = logging.getLogger(__name__)
# An entry is read only while its version is the published one (at least STATS_PUBLISH_SECONDS,
# longer when nothing changes); an hour bounds what superseded versions leave in Redis.
CACHE_SECONDS = 3600
# When a table's bytes last changed is remembered much longer: a quiet table keeps its date.
SEEN_SECONDS = 30 * 24 * 3600
# The public freshness promise, in the responses' Cache-Control.
MAX_AGE_SECONDS = 60


@dataclass(frozen=True)
class Rendered:
    body: bytes
    content_type: str
    etag: str
    last_modified: float
    headers: dict[str, str] = field(default_factory=dict)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def response_keys(
    request: HttpRequest, *, kind: str, params: QueryDict, language: str, media: str, version: StatsVersion
) -> tuple[str, str]:
    """(this version's entry, the version-free record of the last bytes and when they changed).
    The site's address is part of the key: the pagination links are absolute."""
    query = tuple(sorted((k, v) for k, values in params.lists() for v in values))
    part = _part(request.build_absolute_uri("/"), kind, language, media, query)
    return f"stats:bytes:{version.token}:{part}", f"stats:bytes-seen:{part}"


@functools.lru_cache(maxsize=4096)
def _part(site: str, kind: str, language: str, media: str, query: tuple[tuple[str, str], ...]) -> str:
    """Remembered: every cached hit asks for the same few."""
    return _digest(repr((site, kind, language, media, list(query))))


def lookup(key: str) -> Rendered | None:
    try:
        found = cache.get(key)
    except Exception:  # a cache outage slows statistics down; it must not break them
        logger.exception("Statistics cache unavailable")
        return None
    return found if isinstance(found, Rendered) else None


def store(keys: tuple[str, str], *, response: HttpResponse, version: StatsVersion) -> Rendered:
    key, seen_key = keys
    body = bytes(response.content)
    content_type = response.get("Content-Type", "application/json")
    digest = _digest(f"{content_type}\n") + hashlib.sha256(body).hexdigest()[:32]
    last_modified = version.modified.timestamp()
    try:
        seen = cache.get(seen_key)
        if seen is not None and seen[0] == digest:
            last_modified = seen[1]  # the same bytes as before: the figures did not change
        entry = Rendered(
            body=body,
            content_type=content_type,
            etag=quote_etag(digest),
            last_modified=last_modified,
            headers={name: response[name] for name in ("Content-Disposition",) if response.has_header(name)},
        )
        cache.set(key, entry, CACHE_SECONDS)
        cache.set(seen_key, (digest, last_modified), SEEN_SECONDS)
    except Exception:
        logger.exception("Statistics cache unavailable")
        entry = Rendered(body, content_type, quote_etag(digest), last_modified)
    return entry


def _not_modified(request: HttpRequest, entry: Rendered) -> bool:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        # gzip makes the tag weak (W/"…"); a weak comparison is right for a GET.
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return entry.etag in tags or "*" in tags
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and int(entry.last_modified) <= since


@functools.lru_cache(maxsize=256)
def _http_date(moment: float) -> str:
    """Remembered: a version's few dates are sent with every hit."""
    return http_date(moment)


def respond(request: HttpRequest, entry: Rendered, version: StatsVersion) -> HttpResponse:
    """The entry as a 200, or a 304 when the client already has it. The bytes were rendered
    after the version's last change committed, so they hold every change up to its publication
    (`Statistics-As-Of`)."""
    if _not_modified(request, entry):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(entry.body, content_type=entry.content_type)
        for name, value in entry.headers.items():
            response[name] = value
    response["ETag"] = entry.etag
    response["Last-Modified"] = _http_date(entry.last_modified)
    response["Statistics-As-Of"] = _http_date(version.published.timestamp())
    response["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    response["Vary"] = "Accept, Accept-Language"
    return response
