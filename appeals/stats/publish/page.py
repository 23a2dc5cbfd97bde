"""The public statistics page `/<lang>/stats/`: the same rows as the API, drawn as server-side SVG
(no script needed) with a table for every chart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from appeals.models import AppealType
from appeals.stats.publish.breakdowns import Row
from appeals.stats.publish.cache import cached_breakdown
from appeals.stats.publish.filters import parse_query
from officials.models import Agency, Region

# Agencies with fewer appeals than this are listed in the table but not ranked.
RANKING_MIN_RECEIVED = 20

# Kazakhstan's 20 regions and cities on a rough geographic grid (column, row).
TILES = {
    "KZ-39": (2, 0),
    "KZ-59": (3, 0),
    "KZ-55": (4, 0),
    "KZ-27": (0, 1),
    "KZ-15": (1, 1),
    "KZ-11": (3, 1),
    "KZ-71": (4, 1),
    "KZ-10": (5, 1),
    "KZ-63": (6, 1),
    "KZ-23": (0, 2),
    "KZ-62": (2, 2),
    "KZ-35": (3, 2),
    "KZ-33": (5, 2),
    "KZ-47": (0, 3),
    "KZ-43": (1, 3),
    "KZ-31": (3, 3),
    "KZ-19": (4, 3),
    "KZ-75": (5, 3),
    "KZ-61": (2, 4),
    "KZ-79": (3, 4),
}
TILE = 86
# On-time rate bands: lower bound, CSS class, label. Labels carry the band, not just the colour.
BANDS = (
    (0.9, "stats-band-5", "90-100 %"),
    (0.75, "stats-band-4", "75-89 %"),
    (0.6, "stats-band-3", "60-74 %"),
    (0.4, "stats-band-2", "40-59 %"),
    (0.0, "stats-band-1", "0-39 %"),
)


class StatsFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("Registered from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Registered to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
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


def band(rate: float | None) -> tuple[str, str]:
    if rate is None:
        return "stats-band-none", str(_("no appeals"))
    for lower, css, label in BANDS:
        if rate >= lower:
            return css, label
    return BANDS[-1][1], BANDS[-1][2]


def percent(rate: float | None) -> str:
    return "-" if rate is None else f"{round(rate * 100)} %"


@dataclass
class Bar:
    label: str
    row: Row
    y: int
    width: float
    low: float
    high: float
    text: str


def _bars(rows: list[Row], label: Any, *, scale: float, top: int = 8, step: int = 28) -> list[Bar]:
    bars = []
    for index, row in enumerate(rows):
        rate = row["on_time_rate"] or 0.0
        low, high = row["on_time_rate_ci"] or (rate, rate)
        bars.append(
            Bar(
                label=label(row),
                row=row,
                y=top + index * step,
                width=round(rate * scale, 1),
                low=round(low * scale, 1),
                high=round(high * scale, 1),
                text=percent(row["on_time_rate"]),
            )
        )
    return bars


def stats_page(request: HttpRequest) -> HttpResponse:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    form = StatsFilterForm(request.GET or None, language=language)
    context: dict[str, Any] = {"form": form, "min_received": RANKING_MIN_RECEIVED, "tile": TILE}
    if form.is_bound and not form.is_valid():
        return render(request, "stats/page.html", context)
    chosen = {k: v for k, v in (form.cleaned_data if form.is_bound else {}).items() if v}
    params = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in chosen.items()}
    query = parse_query(QueryDict(urlencode(params)))
    agencies = cached_breakdown("agencies", query, language)
    regions = cached_breakdown("regions", query, language)
    months = cached_breakdown("months", query, language)
    ranked = sorted(
        (r for r in agencies if not r["suppressed"] and (r["received"] or 0) >= RANKING_MIN_RECEIVED),
        key=lambda r: (-(r["on_time_rate"] or 0), r["agency"]["slug"]),
    )
    tiles = []
    for row in regions:
        column, line = TILES.get(row["region"]["code"], (7, 4))
        css, band_label = band(None if row["suppressed"] else row["on_time_rate"])
        tiles.append(
            {
                "row": row,
                "x": column * TILE,
                "y": line * TILE,
                "css": css,
                "band": band_label,
                "code": row["region"]["code"].removeprefix("KZ-"),
                "text": "n/a" if row["suppressed"] else percent(row["on_time_rate"]),
            }
        )
    csv_query = urlencode({**params, "format": "csv", "lang": language})
    context.update(
        {
            "filtered": bool(params),
            "ranking": _bars(ranked, lambda r: r["agency"]["name"], scale=400),
            "ranking_height": 16 + 28 * len(ranked),
            "agencies": agencies,
            "tiles": tiles,
            "bands": [(css, label) for _lower, css, label in BANDS],
            "regions": regions,
            "month_bars": _bars(months, lambda r: r["month"], scale=400),
            "months_height": 16 + 28 * len(months),
            "months": months,
            "csv": {
                kind.replace("-", "_"): f"{reverse('api:stats-' + kind + '-list')}?{csv_query}"
                for kind in ("agencies", "regions", "types", "months", "agency-regions")
            },
        }
    )
    return render(request, "stats/page.html", context)
