"""Query-parameter filters that refuse what the database would choke on, with a 400."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext as _
from django_filters.fields import IsoDateTimeField

# Real time zones lie between UTC-12:00 and UTC+14:00; PostgreSQL refuses offsets beyond ±15:59.
MAX_UTC_OFFSET = dt.timedelta(hours=14)


class UtcIsoDateTimeField(IsoDateTimeField):
    def to_python(self, value: Any) -> dt.datetime | None:
        moment: dt.datetime | None = super().to_python(value)
        if moment is None:
            return None
        offset = moment.utcoffset()
        if offset is not None and abs(offset) > MAX_UTC_OFFSET:
            raise forms.ValidationError(_("The time zone offset must lie between -14:00 and +14:00."))
        try:
            return moment.astimezone(dt.UTC)
        except OverflowError as error:
            raise forms.ValidationError(_("Enter a date and time between the years 1 and 9999.")) from error


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date-time with a real offset, compared in UTC."""

    field_class = UtcIsoDateTimeField
