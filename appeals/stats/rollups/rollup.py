"""Keeping the rollups current: remember what an appeal contributed when it is locked (or
created), apply the difference where it is saved, in the same transaction.

Deltas are applied with `INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n`, the same SQL on
PostgreSQL and SQLite: atomic per row under concurrency, one statement per table for a whole
sweep batch, rows in key order so concurrent writers lock them in the same order."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

from appeals.calendar import WorkingCalendar
from appeals.models import (
    Appeal,
    AppealDayStats,
    AppealMonthResponseDays,
    AppealMonthStats,
    AppealResponseDays,
)
from appeals.models.rollups import COUNTERS, KEY_FIELDS, StatsCell
from appeals.stats.rollups.contribution import FACT_FIELDS, Contribution, Delta, ResponseKey, contribution_of
from appeals.stats.rollups.version import bump_version_on_commit

_SNAPSHOT = "_stats_contribution"
_MISSING = object()
# Parameters per statement stay well under SQLite's limit (32 766) and PostgreSQL's (65 535).
_ROWS_PER_STATEMENT = 500


def remember(appeal: Appeal) -> None:
    """Note what a freshly loaded (and locked) appeal contributes now."""
    setattr(appeal, _SNAPSHOT, contribution_of(appeal))


def remember_all(appeals: Iterable[Appeal]) -> None:
    for appeal in appeals:
        remember(appeal)


def ensure_remembered(appeal: Appeal) -> None:
    """For a caller that changed an appeal it did not load through `lock_appeal`: what the
    database still holds is the state before the change."""
    if getattr(appeal, _SNAPSHOT, _MISSING) is _MISSING:
        stored = Appeal.objects.filter(pk=appeal.pk).only(*_fact_columns()).first()
        setattr(appeal, _SNAPSHOT, contribution_of(stored) if stored is not None else None)


def record_created(appeal: Appeal) -> None:
    """A new appeal was saved: add what it contributes."""
    setattr(appeal, _SNAPSHOT, None)
    record_changes([appeal])


def record_change(appeal: Appeal) -> None:
    """The appeal was saved: apply (after - before)."""
    record_changes([appeal])


def record_changes(appeals: Sequence[Appeal]) -> None:
    """Apply the summed (after - before) of saved appeals, with at most one statement per table
    (plus one calendar read when answers were added)."""
    delta = Delta.empty()
    for appeal in appeals:
        before = getattr(appeal, _SNAPSHOT, _MISSING)
        if before is _MISSING:
            raise RuntimeError(f"Appeal {appeal.pk} was saved without remembering its statistics first.")
        after = contribution_of(appeal)
        delta.change(before, after)  # type: ignore[arg-type]
        setattr(appeal, _SNAPSHOT, after)
    apply_delta(delta)


def apply_delta(delta: Delta, calendar: WorkingCalendar | None = None) -> None:
    cells = delta.nonzero_cells()
    responses = delta.nonzero_responses()
    if not cells and not responses:
        return
    statements: list[tuple[str, list[Any]]] = []
    if cells:
        day_rows = [(*key, *counts) for key, counts in cells]
        statements += upsert_statements(AppealDayStats, keys=KEY_FIELDS, counters=COUNTERS, rows=day_rows)
        statements += upsert_statements(
            AppealMonthStats, keys=KEY_FIELDS, counters=COUNTERS, rows=by_month(day_rows, len(KEY_FIELDS))
        )
    if responses:
        by_days = response_rows(responses, calendar or WorkingCalendar.load())
        response_keys = (*KEY_FIELDS, "working_days")
        day_rows = [(*row, count) for row, count in sorted(by_days.items()) if count]
        statements += upsert_statements(
            AppealResponseDays, keys=response_keys, counters=("count",), rows=day_rows
        )
        statements += upsert_statements(
            AppealMonthResponseDays,
            keys=response_keys,
            counters=("count",),
            rows=by_month(day_rows, len(response_keys)),
        )
    execute_together(statements)
    bump_version_on_commit()


_DAY = KEY_FIELDS.index("day")


def by_month(rows: Iterable[Sequence[Any]], width: int) -> list[tuple[Any, ...]]:
    """Day-grain rows (key columns, then counters) summed per month (`day` the month's first
    day), in key order; rows that sum to nothing are left out."""
    summed: dict[tuple[Any, ...], list[int]] = {}
    for row in rows:
        key = tuple(
            value.replace(day=1) if index == _DAY else value for index, value in enumerate(row[:width])
        )
        counters = summed.setdefault(key, [0] * (len(row) - width))
        for index, value in enumerate(row[width:]):
            counters[index] += value
    return [(*key, *counters) for key, counters in sorted(summed.items()) if any(counters)]


def response_rows(
    responses: Iterable[tuple[ResponseKey, int]], calendar: WorkingCalendar
) -> dict[tuple[Any, ...], int]:
    """(cell key…, working days) → count, working days counted once per pair of dates."""
    days_between: dict[tuple[dt.date, dt.date], int] = {}
    rows: defaultdict[tuple[Any, ...], int] = defaultdict(int)
    for (key, registered_on, answered_on), count in responses:
        pair = (registered_on, answered_on)
        if pair not in days_between:
            days_between[pair] = calendar.working_days_between(registered_on, answered_on)
        rows[(*key, days_between[pair])] += count
    return rows


def upsert(
    model: type[StatsCell],
    *,
    keys: Sequence[str],
    counters: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Add `rows` (key values, then counter increments) to the table, creating missing rows."""
    execute_together(upsert_statements(model, keys=keys, counters=counters, rows=rows))


def upsert_statements(
    model: type[StatsCell],
    *,
    keys: Sequence[str],
    counters: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> list[tuple[str, list[Any]]]:
    """The statements `upsert` runs, as (SQL, parameters)."""
    if connection.vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"Statistics rollups need PostgreSQL or SQLite, not {connection.vendor}.")
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [*keys, *counters]
    one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    updates = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in counters)
    statements = []
    for start in range(0, len(rows), _ROWS_PER_STATEMENT):
        chunk = rows[start : start + _ROWS_PER_STATEMENT]
        statements.append(
            (
                f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608 (names are ours)
                f"VALUES {', '.join([one_row] * len(chunk))} "
                f"ON CONFLICT ({', '.join(quote(k) for k in keys)}) DO UPDATE SET {updates}",
                [_adapt(value) for row in chunk for value in row],
            )
        )
    return statements


def execute_together(statements: Sequence[tuple[str, list[Any]]]) -> None:
    """Run the statements in order; on PostgreSQL in one round trip (Django's psycopg cursors bind
    parameters on the client unless `server_side_binding` is set, so one `execute` may carry
    several statements)."""
    together = connection.vendor == "postgresql" and not connection.settings_dict.get("OPTIONS", {}).get(
        "server_side_binding"
    )
    with connection.cursor() as cursor:
        if together and len(statements) > 1:
            cursor.execute(
                "; ".join(sql for sql, _params in statements), [p for _sql, ps in statements for p in ps]
            )
            return
        for sql, params in statements:
            cursor.execute(sql, params)


def _adapt(value: Any) -> Any:
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _fact_columns() -> list[str]:
    return [name.removesuffix("_id") if name.endswith("_id") else name for name in FACT_FIELDS]


__all__ = [
    "Contribution",
    "apply_delta",
    "by_month",
    "ensure_remembered",
    "execute_together",
    "record_change",
    "record_changes",
    "record_created",
    "remember",
    "remember_all",
    "upsert",
    "upsert_statements",
]
