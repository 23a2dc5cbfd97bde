"""Reads about the agencies' tree that every app shares."""

from __future__ import annotations

import copy

from django.conf import settings

from officials.models import Agency, Region
from portal.reference_cache import remembered


def national_oversight() -> Agency | None:
    """The configured national oversight body (`DIALOG_NATIONAL_OVERSIGHT_SLUG`), if it is active."""
    return Agency.objects.filter(slug=settings.DIALOG_NATIONAL_OVERSIGHT_SLUG, is_active=True).first()


def oversight_body(agency: Agency, national: Agency | None) -> Agency | None:
    """Who oversees `agency`: its parent while the parent is active; otherwise (a top-level agency,
    or a parent that was closed) the national body — never the agency itself. None when there is
    nobody. The escalation ladder and citizens' complaints both ask here.

    `national` is `national_oversight()`, passed in so that a sweep looks it up once."""
    parent = agency.parent if agency.parent_id is not None else None
    if parent is not None and parent.is_active:
        return parent
    if national is not None and national.is_active and national.pk != agency.pk:
        return national
    return None


# The home page's counts, cached: every visit shows them and they change a few times a year.
# `officials.receivers` deletes the key when an agency or a region is saved or deleted; the
# hour's expiry covers bulk `update()`s, which send no signal.
REFERENCE_COUNTS_KEY = "officials:reference-counts"
REFERENCE_COUNTS_SECONDS = 3600


def reference_counts() -> tuple[int, int]:
    """(active agencies, regions), counted afresh and cached under REFERENCE_COUNTS_KEY."""
    from django.core.cache import cache

    counts = (Agency.objects.active().count(), Region.objects.count())
    cache.set(REFERENCE_COUNTS_KEY, counts, REFERENCE_COUNTS_SECONDS)
    return counts


def active_agency(slug: str) -> Agency | None:
    """The active agency with this slug (a copy: callers may change it), from the reference data
    each process remembers (`portal.reference_cache`)."""
    agencies = remembered("officials.active-agencies", lambda: {a.slug: a for a in Agency.objects.active()})
    found = agencies.get(slug)
    return copy.copy(found) if found is not None else None


def region_by_code(code: str) -> Region | None:
    """The region with this ISO 3166-2 code (a copy), from the remembered reference data."""
    regions = remembered("officials.regions", lambda: {r.code: r for r in Region.objects.all()})
    found = regions.get(code)
    return copy.copy(found) if found is not None else None
