"""Tracking numbers: PREFIX-YYYY-NNNNNN, unique, in order within a year."""

from __future__ import annotations

import re

from django.conf import settings
from django.db.models import F

from appeals.models import TrackingCounter

# What a tracking number looks like in a URL or a search box (any configured prefix).
TRACKING_NUMBER_PATTERN = r"[A-Za-z0-9]{1,10}-[0-9]{4}-[0-9]{1,10}"
TRACKING_NUMBER_SHAPE = re.compile(TRACKING_NUMBER_PATTERN)


def format_tracking_number(year: int, number: int) -> str:
    return f"{settings.DIALOG_TRACKING_PREFIX}-{year}-{number:06d}"


def next_tracking_number(year: int) -> str:
    """Take the next number of `year`. Call inside a transaction: the counter row stays locked
    until it commits, so two filings never share a number and a rolled-back one frees its own."""
    TrackingCounter.objects.get_or_create(year=year)
    TrackingCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
    number = TrackingCounter.objects.values_list("last_number", flat=True).get(year=year)
    return format_tracking_number(year, number)
