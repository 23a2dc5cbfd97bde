"""The tile map of the statistics page: one tile per region where the reference data places it
(`map_column`, `map_row`), coloured on a scale fitted to the figures shown.

Fixed bands (0-39, 40-59 ... %) painted every region the same colour whenever the rates sat
within a few points of each other, which they usually do. The scale here spans the lowest to the
highest published rate in five equal steps of whole percents (at least one point each), so a
colour step is a real difference of known size, and the legend says each step's range. One hue,
light to dark: darker is a larger share answered on time."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from appeals.stats.publish.breakdowns import Row
from appeals.stats.publish.page_tables import DASH, percent
from officials.models import Region

STEPS = 5
COLUMNS = 7
ROWS = 5


@dataclass(frozen=True)
class Band:
    css: str
    label: str
    low: int  # whole percents, inclusive
    high: int


@dataclass(frozen=True)
class Tile:
    name: str
    column: int
    row: int
    css: str
    text: str


def bands(rates: list[float]) -> list[Band]:
    if not rates:
        return []
    low = math.floor(min(rates) * 100)
    high = math.ceil(max(rates) * 100)
    width = max(1, math.ceil((high - low + 1) / STEPS))
    result = []
    for step in range(STEPS):
        start = low + step * width
        if start > high:
            break
        end = min(high, start + width - 1)
        label = f"{start} %" if start == end else f"{start}{DASH}{end} %"
        result.append(Band(f"stats-band-{step + 1}", label, start, end))
    return result


def band_of(rate: float, scale: list[Band]) -> str:
    value = round(rate * 100)
    for band in scale:
        if value <= band.high:
            return band.css
    return scale[-1].css


def tiles(regions: list[Row]) -> tuple[list[Tile], list[Band]]:
    positions = {
        code: (column, line)
        for code, column, line in Region.objects.values_list("code", "map_column", "map_row")
    }
    rates = [r["on_time_rate"] for r in regions if not r["suppressed"] and r["on_time_rate"] is not None]
    scale = bands(rates)
    result = []
    for row in regions:
        column, line = positions.get(row["region"]["code"]) or (None, None)
        if column is None or line is None:
            column, line = COLUMNS - 1, ROWS - 1
        value = None if row["suppressed"] else row["on_time_rate"]
        result.append(
            Tile(
                name=row["region"]["name"],
                column=min(column, COLUMNS - 1),
                row=min(line, ROWS - 1),
                css="stats-band-none" if value is None else band_of(value, scale),
                text=_("withheld") if row["suppressed"] else percent(value),
            )
        )
    # Name order in the document: what a narrow screen lists and a screen reader reads; the
    # grid places each tile on a wide screen.
    return sorted(result, key=lambda tile: tile.name), scale
