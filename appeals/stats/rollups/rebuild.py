"""Recomputing the rollups from the appeals themselves (`manage.py rebuild_stats`, the bulk demo
seed, and the proof that the incremental rollups are exact)."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from appeals.bulk import insert_rows
from appeals.calendar import WorkingCalendar
from appeals.models import (
    Appeal,
    AppealDayStats,
    AppealMonthResponseDays,
    AppealMonthStats,
    AppealResponseDays,
)
from appeals.models.rollups import COUNTERS, KEY_FIELDS
from appeals.stats.rollups.contribution import FACT_FIELDS, Delta, contribution_of
from appeals.stats.rollups.rollup import by_month, response_rows
from appeals.stats.rollups.version import bump_version_on_commit

Facts = namedtuple("Facts", FACT_FIELDS)  # type: ignore[misc]
_CHUNK = 20_000


_TABLES = (AppealDayStats, AppealResponseDays, AppealMonthStats, AppealMonthResponseDays)
_RESPONSE_KEYS = (*KEY_FIELDS, "working_days")


@dataclass(frozen=True)
class RebuildReport:
    appeals: int
    cells: int
    response_rows: int
    month_cells: int = 0


def compute_rollups(
    progress: Callable[[int, int], None] | None = None, calendar: WorkingCalendar | None = None
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], int]:
    """(day rows, response rows, appeals read) as the appeals stand now."""
    total = Appeal.objects.count() if progress else 0
    delta = Delta.empty()
    done = 0
    rows = Appeal.objects.order_by().values_list(*FACT_FIELDS).iterator(chunk_size=_CHUNK)
    for done, row in enumerate(rows, start=1):
        delta.add(contribution_of(Facts(*row)), +1)
        if progress and done % _CHUNK == 0:
            progress(done, total)
    cells = [(*key, *counts) for key, counts in delta.nonzero_cells()]
    responses = response_rows(delta.nonzero_responses(), calendar or WorkingCalendar.load())
    response_table = [(*key, count) for key, count in sorted(responses.items()) if count]
    if progress:
        progress(done, max(total, done))
    return cells, response_table, done


def rebuild_rollups(progress: Callable[[int, int], None] | None = None) -> RebuildReport:
    """Replace the rollups with figures recomputed from the appeals, in one transaction.

    On PostgreSQL the rollup tables are locked against writers first (readers carry on): an
    appeal changed meanwhile waits to apply its delta until the rebuild has committed, and the
    rebuild reads only committed appeals, so nothing is counted twice or lost."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                names = ", ".join(model._meta.db_table for model in _TABLES)
                cursor.execute(f"LOCK TABLE {names} IN EXCLUSIVE MODE")
        cells, responses, appeals = compute_rollups(progress)
        month_cells, month_responses = month_rollups(cells, responses)
        for model in _TABLES:
            model.objects.all().delete()
        insert_rows(AppealDayStats, (*KEY_FIELDS, *COUNTERS), cells)
        insert_rows(AppealResponseDays, (*_RESPONSE_KEYS, "count"), responses)
        insert_rows(AppealMonthStats, (*KEY_FIELDS, *COUNTERS), month_cells)
        insert_rows(AppealMonthResponseDays, (*_RESPONSE_KEYS, "count"), month_responses)
        bump_version_on_commit(publish=True)
    return RebuildReport(
        appeals=appeals, cells=len(cells), response_rows=len(responses), month_cells=len(month_cells)
    )


def rollups_as_stored() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The rollup tables' non-zero rows, in the order `compute_rollups` gives them."""
    cells = sorted(
        row
        for row in AppealDayStats.objects.values_list(*KEY_FIELDS, *COUNTERS)
        if any(row[len(KEY_FIELDS) :])
    )
    responses = sorted(
        row for row in AppealResponseDays.objects.values_list(*KEY_FIELDS, "working_days", "count") if row[-1]
    )
    return cells, responses


def month_rollups(
    cells: list[tuple[Any, ...]], responses: list[tuple[Any, ...]]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The month grain of day-grain rows, as `month_rollups_as_stored` gives it."""
    return by_month(cells, len(KEY_FIELDS)), by_month(responses, len(_RESPONSE_KEYS))


def month_rollups_as_stored() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The month tables' non-zero rows, in key order."""
    cells = sorted(
        row
        for row in AppealMonthStats.objects.values_list(*KEY_FIELDS, *COUNTERS)
        if any(row[len(KEY_FIELDS) :])
    )
    responses = sorted(
        row for row in AppealMonthResponseDays.objects.values_list(*_RESPONSE_KEYS, "count") if row[-1]
    )
    return cells, responses
