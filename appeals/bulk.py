"""Writing many rows' changed fields in one statement.

Django's `bulk_update` builds a CASE WHEN expression per field and row, which costs more than
the sweep's own logic for a batch of hundreds; on PostgreSQL one
`UPDATE … FROM (VALUES …)` does the same in a fraction of the time. Other databases (SQLite,
the laptop default, with small data) keep `bulk_update`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any, cast

from django.db import connection, models
from django.utils import timezone


def update_fields_in_bulk(rows: Sequence[models.Model], fields: Sequence[str]) -> None:
    if not rows:
        return
    model = type(rows[0])
    if connection.vendor != "postgresql":
        model._default_manager.bulk_update(rows, list(fields))
        return
    meta = model._meta
    columns = [cast("models.Field[Any, Any]", meta.get_field(name)) for name in fields]
    quote = connection.ops.quote_name
    pk = cast("models.Field[Any, Any]", meta.pk)
    casts = [f"%s::{field.db_type(connection)}" for field in (pk, *columns)]
    row_sql = "(" + ", ".join(casts) + ")"
    params: list[Any] = []
    for row in rows:
        params.append(row.pk)
        for field in columns:
            params.append(field.get_db_prep_save(getattr(row, field.attname), connection))
    names = [quote(str(field.column)) for field in columns]
    key = quote(str(pk.column))
    assignments = ", ".join(f"{name} = v.{name}" for name in names)
    sql = (
        f"UPDATE {quote(meta.db_table)} AS t SET {assignments} "  # noqa: S608 (names come from the model)
        f"FROM (VALUES {', '.join([row_sql] * len(rows))}) AS v({key}, {', '.join(names)}) "
        f"WHERE t.{key} = v.{key}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert many rows fast: COPY on PostgreSQL, one executemany of INSERTs elsewhere.
    `columns` are database column names; values are Python values (dates, datetimes, …)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        ops = connection.ops

        def adapt(value: Any) -> Any:
            if isinstance(value, dt.datetime):
                return ops.adapt_datetimefield_value(value)
            if isinstance(value, dt.date):
                return ops.adapt_datefield_value(value)
            return value

        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})",  # noqa: S608 (names are the model's)
            [[adapt(value) for value in row] for row in rows],
        )


def insert_values(
    model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, with_ids: bool = False
) -> list[int]:
    """New rows of one model given as {field attname: value}, inserted with COPY on PostgreSQL
    (`bulk_create` elsewhere); fields left out take their default (`auto_now_add` and callable
    defaults: the moment of this call, once for all rows). Returns the new ids when `with_ids`.

    No model instances: `Model.__init__` and Django's `bulk_create` (a placeholder and an adapted
    parameter per field and row) cost more than the sweep's own logic. With `with_ids` the ids
    are taken from the table's sequence first, in one query, so the caller can hand them on (the
    outbox queues notification ids after commit)."""
    if not rows:
        return []
    meta = model._meta
    if connection.vendor != "postgresql":
        saved = model._default_manager.bulk_create([model(**row) for row in rows])
        return [instance.pk for instance in saved]
    pk_field = cast("models.Field[Any, Any]", meta.pk)
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    defaults = {field.attname: _default(field) for field in fields}
    ids: list[int] = []
    if with_ids:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk_field.column, len(rows)],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
        fields = [pk_field, *fields]
    layout = [(field.attname, isinstance(field, models.JSONField), field) for field in fields]
    values = []
    for index, row in enumerate(rows):
        full = {**defaults, **row, pk_field.attname: ids[index]} if with_ids else {**defaults, **row}
        values.append(
            tuple(
                json.dumps(full[name], cls=field.encoder) if is_json else full[name]  # type: ignore[attr-defined]
                for name, is_json, field in layout
            )
        )
    insert_rows(model, [str(field.column) for field in fields], values)
    return ids


def _default(field: models.Field[Any, Any]) -> Any:
    if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
        return timezone.now()
    return field.get_default()  # "" for text fields without a default, as Django would write


def add_to_rows(
    model: type[models.Model], *, keys: Sequence[str], counters: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Add counters to the rows with these keys, creating the missing ones; `rows` are key
    values then increments, one row per key.

    On PostgreSQL: COPY into a temporary table, then one INSERT … SELECT … ON CONFLICT DO UPDATE —
    hundreds of thousands of rollup cells in seconds, where a VALUES list per few hundred rows
    costs minutes. Elsewhere one upsert per row (SQLite: small data)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [*keys, *counters]
    names = ", ".join(quote(column) for column in columns)
    conflict = ", ".join(quote(key) for key in keys)
    updates = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in counters)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TEMPORARY TABLE dialog_added ON COMMIT DROP AS SELECT {names} FROM {table} WITH NO DATA"  # noqa: S608, E501
            )
            with cursor.cursor.copy(f"COPY dialog_added ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM dialog_added "  # noqa: S608
                f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
            )
            cursor.execute("DROP TABLE dialog_added")
            return
        ops = connection.ops
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))}) "  # noqa: S608
            f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}",
            [[ops.adapt_datefield_value(v) if isinstance(v, dt.date) else v for v in row] for row in rows],
        )
