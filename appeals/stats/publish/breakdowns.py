"""The published breakdowns: rows named by their group, metrics under DESIGN.md's names, small
cells of cross-tabulations withheld. A bounded number of queries, whatever the number of appeals."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.conf import settings

from appeals.models import AppealType
from appeals.stats.publish.filters import StatsQuery
from appeals.stats.publish.suppression import suppressed_cells, suppressed_rows
from appeals.stats.rollups.selectors import StatsFilter, Totals, metrics, totals_by, withheld_metrics
from officials.models import Agency, Region

BREAKDOWNS = ("agencies", "regions", "types", "months", "agency-regions")

Row = dict[str, Any]


def merged(parts: Iterable[Totals]) -> Totals:
    total = Totals()
    for part in parts:
        for name, value in part.counts.items():
            total.counts[name] += value
        total.response_days.update(part.response_days)
    return total


def _row(group: Row, totals: Totals | None, suppressed: bool) -> Row:
    if suppressed:
        return {**group, "suppressed": True, **withheld_metrics()}
    return {**group, "suppressed": False, **metrics(totals or Totals())}


class _Names:
    def __init__(self, language: str) -> None:
        self.language = language
        self._agencies: dict[int, Row] = {}
        self._regions: dict[int, Row] | None = None

    def load_agencies(self, ids: Iterable[int]) -> None:
        wanted = set(ids) - set(self._agencies)
        if wanted:
            for agency in Agency.objects.filter(pk__in=wanted):
                self._agencies[agency.pk] = {"slug": agency.slug, "name": agency.name_in(self.language)}

    def agency(self, pk: int) -> Row:
        return self._agencies[pk]

    def regions(self) -> dict[int, Row]:
        if self._regions is None:
            self._regions = {
                r.pk: {"code": r.code, "name": r.name_in(self.language)}
                for r in Region.objects.order_by("code")
            }
        return self._regions


def _protected_cells(filters: StatsFilter) -> tuple[dict[tuple[int, int], Totals], set[tuple[int, int]]]:
    """The whole agency x region table for the other filters, and the cells withheld in it."""
    everywhere = dataclasses.replace(filters, agency_ids=None, region_ids=None)
    matrix: dict[tuple[int, int], Totals] = totals_by("agency_region", everywhere)  # type: ignore[assignment]
    hidden = suppressed_cells({cell: t.size for cell, t in matrix.items()}, settings.STATS_MIN_CELL)
    return matrix, hidden


def _wanted(filters: StatsFilter) -> Callable[[tuple[int, int]], bool]:
    def wanted(cell: tuple[int, int]) -> bool:
        agency_ok = filters.agency_ids is None or cell[0] in filters.agency_ids
        return agency_ok and (filters.region_ids is None or cell[1] in filters.region_ids)

    return wanted


def breakdown_rows(kind: str, query: StatsQuery, language: str) -> list[Row]:
    filters = query.filters
    names = _Names(language)
    is_cross = {
        "agency-regions": True,
        "agencies": filters.region_ids is not None,
        "regions": filters.agency_ids is not None,
        "types": filters.agency_ids is not None and filters.region_ids is not None,
        "months": filters.agency_ids is not None and filters.region_ids is not None,
    }[kind]
    if kind in ("agency-regions", "agencies", "regions") and is_cross:
        matrix, hidden = _protected_cells(filters)
        cells = {cell: t for cell, t in matrix.items() if _wanted(filters)(cell)}
        if kind == "agency-regions":
            names.load_agencies(a for a, _r in cells)
            regions = names.regions()
            ordered = sorted(cells, key=lambda c: (names.agency(c[0])["slug"], regions[c[1]]["code"]))
            return [
                _row({"agency": names.agency(a), "region": regions[r]}, cells[(a, r)], (a, r) in hidden)
                for a, r in ordered
            ]
        axis = 0 if kind == "agencies" else 1
        groups: dict[int, list[tuple[int, int]]] = {}
        for cell in cells:
            groups.setdefault(cell[axis], []).append(cell)
        line_totals = {key: merged(cells[c] for c in members) for key, members in groups.items()}
        withheld_lines = {key for key, members in groups.items() if any(c in hidden for c in members)}
        return _named_rows(kind, line_totals, withheld_lines, names, filters)
    grouping = {"agencies": "agency", "regions": "region", "types": "appeal_type", "months": "month"}[kind]
    totals = totals_by(grouping, filters)
    withheld: set[Hashable] = set()
    if is_cross:
        matrix, hidden = _protected_cells(filters)
        if any(cell in hidden for cell in matrix if _wanted(filters)(cell)):
            withheld = set(totals)
        else:
            withheld = suppressed_rows({k: t.size for k, t in totals.items()}, settings.STATS_MIN_CELL)
    return _named_rows(kind, totals, withheld, names, filters)


def _named_rows(
    kind: str, totals: dict[Any, Totals], withheld: set[Any], names: _Names, filters: StatsFilter
) -> list[Row]:
    if kind == "agencies":
        names.load_agencies(totals)
        ordered = sorted(totals, key=lambda pk: names.agency(pk)["slug"])
        return [_row({"agency": names.agency(pk)}, totals[pk], pk in withheld) for pk in ordered]
    if kind == "regions":
        # Every region is listed (the tile map needs all twenty), with zeros where nothing came in.
        regions = names.regions()
        shown = [pk for pk in regions if filters.region_ids is None or pk in filters.region_ids]
        return [_row({"region": regions[pk]}, totals.get(pk), pk in withheld) for pk in shown]
    if kind == "types":
        shown_types = [t for t in AppealType.values if filters.appeal_type in (None, t)]
        return [_row({"appeal_type": t}, totals.get(t), t in withheld) for t in shown_types]
    return [_row({"month": month}, totals[month], month in withheld) for month in sorted(totals)]
