"""The public statistics page `/<lang>/stats/`: the same rows as the API, with a table for every
chart (the agency table carries the ranking bars), a tile map and a month chart; no script needed,
a small one makes the tables sortable."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from appeals.models import AppealType
from appeals.stats.publish.breakdowns import Row
from appeals.stats.publish.cache import cached_breakdown
from appeals.stats.publish.filters import parse_query
from appeals.stats.publish.page_map import tiles
from appeals.stats.publish.page_tables import (
    AGENCY_COLUMNS,
    MONTH_COLUMNS,
    RANKING_MIN_RECEIVED,
    REGION_COLUMNS,
    Bar,
    agency_table,
    bar,
    headings,
    month_table,
    percent,
    region_table,
)
from appeals.stats.rollups.version import StatsVersion, current_version
from officials.models import Agency, Region
from officials.selectors import REFERENCE_COUNTS_KEY, REFERENCE_COUNTS_SECONDS, reference_counts

logger = logging.getLogger(__name__)


class MonthField(forms.DateField):
    """A month (`YYYY-MM`, or any day of it): statistics cover whole months, so the first or the
    last day of the month chosen."""

    def __init__(self, *, end: bool, **kwargs: Any) -> None:
        self.end = end
        widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
        super().__init__(input_formats=["%Y-%m", "%Y-%m-%d"], widget=widget, **kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        day = super().to_python(value)
        if day is None:
            return None
        return day.replace(day=calendar.monthrange(day.year, day.month)[1] if self.end else 1)


class StatsFilterForm(forms.Form):
    date_from = MonthField(label=_("Registered from"), required=False, end=False)
    date_to = MonthField(label=_("Registered to"), required=False, end=True)
    region = forms.ChoiceField(label=_("Region"), required=False)
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    appeal_type = forms.ChoiceField(label=_("Type of appeal"), required=False)

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice("region").choices = [("", _("All regions"))] + [
            (r.code, r.name_in(language)) for r in Region.objects.order_by("code")
        ]
        agencies = sorted(
            ((a.slug, a.name_in(language)) for a in Agency.objects.active()), key=lambda pair: pair[1]
        )
        self._choice("agency").choices = [("", _("All agencies")), *agencies]
        self._choice("appeal_type").choices = [("", _("All types")), *AppealType.choices]
        for field in self.fields.values():
            css = (
                "govuk-select"
                if isinstance(field, forms.ChoiceField)
                else "govuk-input govuk-input--width-10"
            )
            field.widget.attrs["class"] = css

    def _choice(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data


@dataclass(frozen=True)
class MonthBar:
    """A month in the chart. A month whose appeals are not all due yet is drawn with its on-time
    rate over the appeals already due, greyed and marked in progress, so it does not read as a
    collapse."""

    month: str
    text: str
    bar: Bar | None
    in_progress: bool


def month_bars(months: list[Row]) -> list[MonthBar]:
    result = []
    for row in months:
        if row["suppressed"]:
            continue
        in_progress = bool(row.get("not_yet_due"))
        name = "on_time_rate_of_due" if in_progress else "on_time_rate"
        result.append(
            MonthBar(row["month"], percent(row[name]), bar(row[name], row[f"{name}_ci"]), in_progress)
        )
    return result


def body_key(request: HttpRequest, language: str, version: StatsVersion) -> str:
    """The cached body's key: the published version, the language and the query string as given
    (the bound form echoes it), so kk, ru and en and every filter have their own entry."""
    query = sorted((k, v) for k, values in request.GET.lists() for v in values)
    digest = hashlib.sha256(repr(query).encode()).hexdigest()[:32]
    return f"stats:page-body:{version.token}:{language}:{digest}"


def stats_page(request: HttpRequest) -> HttpResponse:
    """The page's body (the same for everyone with the same language and filters) comes from the
    cache, keyed by the published version, with the agency and region counts it was rendered
    with, as the home page's is: a repeat view makes no database query and renders only the
    shell (header, sign-in state, messages), which stays per request. A filter form with errors
    is rendered afresh and not cached."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    version = current_version()
    key = body_key(request, language, version)
    try:
        found = cache.get_many([REFERENCE_COUNTS_KEY, key])
    except Exception:  # a cache outage slows the page down; it must not break it
        logger.exception("Statistics cache unavailable")
        found = {}
    counts = found.get(REFERENCE_COUNTS_KEY) or reference_counts()
    cached = found.get(key)
    if cached is not None and cached[0] == counts:
        return _page(request, cached[1])
    html, valid = _body(request, language, version)
    if valid:
        try:
            cache.set(key, (counts, html), REFERENCE_COUNTS_SECONDS)
        except Exception:
            logger.exception("Statistics cache unavailable")
    return _page(request, html)


def _page(request: HttpRequest, body: str) -> HttpResponse:
    return render(request, "stats/page.html", {"body": mark_safe(body)})  # noqa: S308 (our own template's output)


def _body(request: HttpRequest, language: str, version: StatsVersion) -> tuple[str, bool]:
    """(the body's HTML, whether the filters were valid)."""
    form = StatsFilterForm(request.GET or None, language=language)
    context: dict[str, Any] = {"form": form, "min_received": RANKING_MIN_RECEIVED}
    if form.is_bound and not form.is_valid():
        return render_to_string("stats/page_body.html", context, request), False
    chosen = {k: v for k, v in (form.cleaned_data if form.is_bound else {}).items() if v}
    params = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in chosen.items()}
    query = parse_query(QueryDict(urlencode(params)))
    agencies = cached_breakdown("agencies", query, language, version)
    regions = cached_breakdown("regions", query, language, version)
    months = cached_breakdown("months", query, language, version)
    map_tiles, scale = tiles(list(regions))
    csv_query = urlencode({**params, "format": "csv", "lang": language})
    context.update(
        {
            "filtered": bool(params),
            "agency_headings": headings(AGENCY_COLUMNS),
            "agencies": agency_table(list(agencies)),
            "tiles": map_tiles,
            "bands": scale,
            "region_headings": headings(REGION_COLUMNS),
            "regions": region_table(list(regions)),
            "month_bars": month_bars(list(months)),
            "month_headings": headings(MONTH_COLUMNS),
            "months": month_table(list(months)),
            "csv": {
                kind.replace("-", "_"): f"{reverse('api:stats-' + kind + '-list')}?{csv_query}"
                for kind in ("agencies", "regions", "types", "months", "agency-regions")
            },
            "download": f"{reverse('api:stats-download-list')}?{urlencode({'lang': language})}",
            "dictionary": reverse("stats-data"),
            "docs_url": f"{reverse('api:docs')}?{urlencode({'lang': language})}",
        }
    )
    return render_to_string("stats/page_body.html", context, request), True
