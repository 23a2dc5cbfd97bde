"""The public statistics filters, read from a query string; every mistake is a 400 naming the
parameter. Dates are whole months (the grain disclosure control protects): `date_from` is the
first day of a month, `date_to` the last."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework import serializers

from appeals.models import AppealType, Channel
from appeals.stats.rollups.selectors import StatsFilter
from officials.models import Agency, Region


class StatsQuerySerializer(serializers.Serializer[dict[str, Any]]):
    date_from = serializers.DateField(required=False, input_formats=["iso-8601"])
    date_to = serializers.DateField(required=False, input_formats=["iso-8601"])
    region = serializers.CharField(required=False, max_length=10)
    agency = serializers.CharField(required=False, max_length=100)
    include_children = serializers.BooleanField(required=False, default=False)
    appeal_type = serializers.ChoiceField(required=False, choices=AppealType.choices)
    channel = serializers.ChoiceField(required=False, choices=Channel.choices)

    def validate_region(self, code: str) -> Region:
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise serializers.ValidationError(_("Unknown region code %(code)r.") % {"code": code})
        return region

    def validate_agency(self, slug: str) -> Agency:
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            raise serializers.ValidationError(_("Unknown agency %(slug)r.") % {"slug": slug})
        return agency

    def validate_date_from(self, day: dt.date) -> dt.date:
        if day.day != 1:
            raise serializers.ValidationError(
                _("Statistics cover whole months: date_from must be the first day of a month, e.g. %(day)s.")
                % {"day": day.replace(day=1).isoformat()}
            )
        return day

    def validate_date_to(self, day: dt.date) -> dt.date:
        last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        if day != last:
            raise serializers.ValidationError(
                _("Statistics cover whole months: date_to must be the last day of a month, e.g. %(day)s.")
                % {"day": last.isoformat()}
            )
        return day

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and start > end:
            raise serializers.ValidationError(
                {
                    "date_from": _("date_from (%(start)s) is after date_to (%(end)s).")
                    % {"start": start, "end": end}
                }
            )
        return attrs


@dataclass(frozen=True)
class StatsQuery:
    filters: StatsFilter
    agency: Agency | None
    region: Region | None
    include_children: bool

    def cache_part(self) -> str:
        f = self.filters
        return "|".join(
            str(part)
            for part in (
                sorted(f.agency_ids) if f.agency_ids is not None else "",
                sorted(f.region_ids) if f.region_ids is not None else "",
                f.appeal_type or "",
                f.channel or "",
                f.date_from or "",
                f.date_to or "",
                # The protection in force is part of what a cached answer depends on.
                settings.STATS_MIN_CELL,
                settings.STATS_PERTURBATION,
            )
        )


# Parameters every statistics response understands besides the filters.
PRESENTATION_PARAMETERS = ("lang", "format", "page", "page_size")


@functools.cache
def allowed_parameters() -> tuple[str, ...]:
    """Worked out once: building the serializer's fields deep-copies every one of them, which
    cost more than the rest of a cached statistics response."""
    return (*StatsQuerySerializer().fields, *PRESENTATION_PARAMETERS)


def check_parameters(params: QueryDict) -> None:
    """An unknown parameter (`regoin=`) or a repeated one is a 400 naming the allowed ones, never
    silently national figures."""
    allowed = allowed_parameters()
    errors: dict[str, list[str]] = {}
    for key in params:
        if key not in allowed:
            message = _("Unknown parameter %(name)r; the parameters are: %(allowed)s.")
            errors[key] = [message % {"name": key, "allowed": ", ".join(allowed)}]
        elif len(params.getlist(key)) > 1:
            errors[key] = [_("%(name)s may be given only once.") % {"name": key}]
    if errors:
        raise serializers.ValidationError(errors)


def parse_query(params: QueryDict) -> StatsQuery:
    """Raises DRF's ValidationError (→ 400 with the parameter's name) on any bad value."""
    check_parameters(params)
    single = {str(key): params.get(str(key)) for key in StatsQuerySerializer().fields if key in params}
    serializer = StatsQuerySerializer(data=single)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    agency: Agency | None = data.get("agency")
    region: Region | None = data.get("region")
    agency_ids: frozenset[int] | None = None
    if agency is not None:
        agency_ids = frozenset(agency.descendant_ids() if data["include_children"] else {agency.pk})
    date_from: dt.date | None = data.get("date_from")
    date_to: dt.date | None = data.get("date_to")
    return StatsQuery(
        filters=StatsFilter(
            agency_ids=agency_ids,
            region_ids=frozenset({region.pk}) if region is not None else None,
            appeal_type=data.get("appeal_type"),
            channel=data.get("channel"),
            date_from=date_from,
            date_to=date_to,
        ),
        agency=agency,
        region=region,
        include_children=data["include_children"],
    )
