"""The published breakdowns: rows named by their group, metrics under DESIGN.md's names, read from
the protected base table (`protection`). A bounded number of queries, whatever the number of
appeals."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings

from appeals.models import AppealType
from appeals.stats.publish.filters import StatsQuery
from appeals.stats.publish.protection import published_totals
from appeals.stats.rollups.selectors import StatsFilter, Totals, metrics, withheld_metrics
from appeals.stats.rollups.version import StatsVersion
from officials.models import Agency, Region

BREAKDOWNS = ("agencies", "regions", "types", "months", "agency-regions")
GROUPINGS = {
    "agencies": "agency",
    "regions": "region",
    "types": "appeal_type",
    "months": "month",
    "agency-regions": "agency_region",
}

Row = dict[str, Any]


def published_metrics(totals: Totals | None) -> Row:
    """A group's metrics as published: withheld when it is about fewer than STATS_MIN_CELL
    appeals (as perturbed), satisfaction only over STATS_MIN_CELL ratings or more, the median
    only over STATS_MIN_CELL answers or more."""
    totals = totals or Totals()
    min_cell = settings.STATS_MIN_CELL
    if 0 < totals.size < min_cell:
        return {"suppressed": True, **withheld_metrics()}
    row = {"suppressed": False, **metrics(totals)}
    if totals.counts["rating_count"] < min_cell:
        row["satisfaction"] = {"mean": None, "count": None}
    if totals.counts["answered"] < min_cell:
        row["median_response_days"] = None
    return row


def published_summary(filters: StatsFilter) -> Row:
    """One group's published metrics (the blogs' figures)."""
    return published_metrics(published_totals("total", filters).get(()))


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


def breakdown_rows(
    kind: str, query: StatsQuery, language: str, version: StatsVersion | None = None
) -> list[Row]:
    """A table's rows; with the published `version`, summed from that version's protected base
    table (built once per process) rather than read and perturbed again."""
    filters = query.filters
    names = _Names(language)
    totals = published_totals(GROUPINGS[kind], filters, version)
    if kind == "agency-regions":
        cells: dict[tuple[int, int], Totals] = totals  # type: ignore[assignment]
        names.load_agencies(a for a, _r in cells)
        regions = names.regions()
        ordered = sorted(cells, key=lambda c: (names.agency(c[0])["slug"], regions[c[1]]["code"]))
        return [
            {"agency": names.agency(a), "region": regions[r], **published_metrics(cells[(a, r)])}
            for a, r in ordered
        ]
    return _named_rows(kind, totals, names, filters)


def _named_rows(kind: str, totals: dict[Any, Totals], names: _Names, filters: StatsFilter) -> list[Row]:
    if kind == "agencies":
        names.load_agencies(totals)
        ordered = sorted(totals, key=lambda pk: names.agency(pk)["slug"])
        return [{"agency": names.agency(pk), **published_metrics(totals[pk])} for pk in ordered]
    if kind == "regions":
        # Every region is listed (the tile map needs all twenty), with zeros where nothing came in.
        regions = names.regions()
        shown = [pk for pk in regions if filters.region_ids is None or pk in filters.region_ids]
        return [{"region": regions[pk], **published_metrics(totals.get(pk))} for pk in shown]
    if kind == "types":
        shown_types = [t for t in AppealType.values if filters.appeal_type in (None, t)]
        return [{"appeal_type": t, **published_metrics(totals.get(t))} for t in shown_types]
    return [{"month": month, **published_metrics(totals[month])} for month in sorted(totals)]
