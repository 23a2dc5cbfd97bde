"""The protected base table, computed once per published statistics version.

Every public figure is a sum over the protected base table (`protection`). Perturbing it costs an
HMAC per small cell and reading it costs a row per cell, so doing both on every cold request made
a cold table cost as much as a live GROUP BY over the appeals. The table is instead read once per
published version (one query, plain tuples) and kept in this process under the version's token;
every breakdown and filter of that version is then summed from it in memory. The published
figures are the same: a base cell's perturbation is a function of the cell alone (that is the
cell-key method), and the public filters only select whole base cells (agency, region, type,
channel, whole months). Between versions the noise itself is memoised (`protection.noise`), so
a new version re-perturbs only the cells whose counts changed."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from django.db import connections

from appeals.models import AppealMonthStats
from appeals.models.rollups import COUNTERS
from appeals.stats.rollups.selectors import StatsFilter

BaseKey = tuple[int, int, str, str, str]  # agency, region, type, channel, "YYYY-MM"
CellRow = tuple[int, ...]  # the counters, in COUNTERS' order

# Versions kept per process: the one being published and the one before (requests in flight).
_KEPT = 2


@dataclass(frozen=True)
class BaseTable:
    """Base cells as published: (key, counters in COUNTERS' order), in no particular order."""

    cells: tuple[tuple[BaseKey, CellRow], ...]


_tables: dict[Hashable, BaseTable] = {}
_lock = threading.Lock()


def raw_cells(filters: StatsFilter | None = None) -> list[tuple[BaseKey, CellRow]]:
    """The month rollup rows as (key, counters) tuples: one query fetched whole, no model
    instances. The month table holds one row per base cell (its unique constraint), so nothing
    needs summing."""
    queryset = AppealMonthStats.objects.order_by()
    if filters is not None:
        queryset = filters.apply(queryset)
    columns = ("agency_id", "region_id", "appeal_type", "channel", "day", *COUNTERS)
    sql, params = queryset.values_list(*columns).query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    months: dict[object, str] = {}
    found: list[tuple[BaseKey, CellRow]] = []
    for row in rows:
        day = row[4]
        month = months.get(day)
        if month is None:  # a date, or its ISO text where the driver has no date type (SQLite)
            month = months[day] = day.strftime("%Y-%m") if hasattr(day, "strftime") else str(day)[:7]
        found.append(((row[0], row[1], row[2], row[3], month), row[5:]))
    return found


def remembered(wanted: Hashable, build: Callable[[], BaseTable]) -> BaseTable:
    """The table kept in this process under `wanted` (a published version and the protection in
    force), built on the first call; one thread builds it, the others wait for it."""
    table = _tables.get(wanted)
    if table is not None:
        return table
    with _lock:
        table = _tables.get(wanted)
        if table is None:
            table = build()
            while len(_tables) >= _KEPT:
                _tables.pop(next(iter(_tables)))
            _tables[wanted] = table
    return table


def forget() -> None:
    """Drop every kept table (tests that rewrite the rollups under one version)."""
    with _lock:
        _tables.clear()


def selector(filters: StatsFilter) -> Callable[[BaseKey], bool] | None:
    """Whether a base cell is inside the filters; None when every cell is."""
    checks: list[Callable[[BaseKey], bool]] = []
    if filters.agency_ids is not None:
        agencies = filters.agency_ids
        checks.append(lambda k: k[0] in agencies)
    if filters.region_ids is not None:
        regions = filters.region_ids
        checks.append(lambda k: k[1] in regions)
    if filters.appeal_type is not None:
        appeal_type = filters.appeal_type
        checks.append(lambda k: k[2] == appeal_type)
    if filters.channel is not None:
        channel = filters.channel
        checks.append(lambda k: k[3] == channel)
    if filters.date_from is not None:
        first = filters.date_from.strftime("%Y-%m")
        checks.append(lambda k: k[4] >= first)
    if filters.date_to is not None:
        last = filters.date_to.strftime("%Y-%m")
        checks.append(lambda k: k[4] <= last)
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    return lambda k: all(check(k) for check in checks)


def summed(
    table: BaseTable, filters: StatsFilter, project: Callable[[BaseKey], Hashable]
) -> dict[Hashable, list[int]]:
    """The table's cells inside `filters`, summed per group (counters in COUNTERS' order)."""
    inside = selector(filters)
    members: dict[Hashable, list[CellRow]] = {}
    for key, row in table.cells:
        if inside is None or inside(key):
            group = project(key)
            rows = members.get(group)
            if rows is None:
                members[group] = [row]
            else:
                rows.append(row)
    return {group: [sum(column) for column in zip(*rows, strict=True)] for group, rows in members.items()}
