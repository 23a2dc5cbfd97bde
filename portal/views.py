"""The citizen-facing pages that belong to the portal as a whole."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from officials.selectors import REFERENCE_COUNTS_KEY, REFERENCE_COUNTS_SECONDS, reference_counts


def home(request: HttpRequest) -> HttpResponse:
    """The page's body (the same for everyone in a language) and the counts it shows come from
    the cache in one round trip, with no database query; the body is rendered again when the
    counts it was rendered with are no longer the cached ones (an agency or region changed)."""
    body_key = f"portal:home-body:{get_language()}"
    found = cache.get_many([REFERENCE_COUNTS_KEY, body_key])
    counts = found.get(REFERENCE_COUNTS_KEY) or reference_counts()
    body = found.get(body_key)
    if body is None or body[0] != counts:
        agency_count, region_count = counts
        html = render_to_string(
            "includes/home_body.html", {"agency_count": agency_count, "region_count": region_count}, request
        )
        body = (counts, html)
        cache.set(body_key, body, REFERENCE_COUNTS_SECONDS)
    return render(request, "home.html", {"body": mark_safe(body[1])})  # noqa: S308 (our own template's output)
