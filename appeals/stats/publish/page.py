"""The public statistics page `/<lang>/stats/`: the same rows as the API, drawn as server-side SVG
(no script needed) with a table for every chart."""

from __future__ import annotations

import calendar
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

TILE = 86
# On-time rate bands: lower bound, CSS class, label. Labels carry the band, not just the colour.
BANDS = (
    (0.9, "stats-band-5", "90-100 %"),
    (0.75, "stats-band-4", "75-89 %"),
    (0.6, "stats-band-3", "60-74 %"),
    (0.4, "stats-band-2", "40-59 %"),
    (0.0, "stats-band-1", "0-39 %"),
)


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
    """Positions are SVG numbers as text (a dot, whatever the page's language: Russian and
    Kazakh number formats would write a comma and break the drawing)."""

    label: str
    row: Row
    y: int
    width: str
    low: str
    high: str
    text: str
    in_progress: bool = False


def _svg_number(value: float) -> str:
    return f"{value:.1f}"


def _bars(
    rows: list[Row],
    label: Any,
    *,
    scale: float,
    left: int,
    top: int = 8,
    step: int = 28,
    of_due: bool = False,
) -> list[Bar]:
    """With `of_due`, a period whose appeals are not all due yet is drawn with its on-time rate
    over the appeals already due, and marked in progress (not charted as a collapse)."""
    bars = []
    for index, row in enumerate(rows):
        in_progress = of_due and bool(row.get("not_yet_due"))
        name = "on_time_rate_of_due" if in_progress else "on_time_rate"
        rate = row[name] or 0.0
        low, high = row[f"{name}_ci"] or (rate, rate)
        caption = label(row)
        if in_progress:
            caption = _("%(period)s (in progress)") % {"period": caption}
        bars.append(
            Bar(
                label=str(caption),
                row=row,
                y=top + index * step,
                width=_svg_number(rate * scale),
                low=_svg_number(left + low * scale),
                high=_svg_number(left + high * scale),
                text=percent(row[name]),
                in_progress=in_progress,
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
    # Tile positions are reference data (regions.json, loaded by load_reference).
    positions = {
        code: (column, line)
        for code, column, line in Region.objects.values_list("code", "map_column", "map_row")
    }
    tiles = []
    for row in regions:
        column, line = positions.get(row["region"]["code"]) or (None, None)
        if column is None or line is None:
            column, line = 7, 4
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
    month_bars = _bars(
        [m for m in months if not m["suppressed"]], lambda r: r["month"], scale=400, left=110, of_due=True
    )
    csv_query = urlencode({**params, "format": "csv", "lang": language})
    context.update(
        {
            "filtered": bool(params),
            "ranking": _bars(ranked, lambda r: r["agency"]["name"], scale=400, left=260),
            "ranking_height": 16 + 28 * len(ranked),
            "agencies": agencies,
            "tiles": tiles,
            "bands": [(css, label) for _lower, css, label in BANDS],
            "regions": regions,
            "month_bars": month_bars,
            "months_height": 16 + 28 * len(month_bars),
            "months": months,
            "csv": {
                kind.replace("-", "_"): f"{reverse('api:stats-' + kind + '-list')}?{csv_query}"
                for kind in ("agencies", "regions", "types", "months", "agency-regions")
            },
            "download": f"{reverse('api:stats-download-list')}?{urlencode({'lang': language})}",
        }
    )
    return render(request, "stats/page.html", context)
