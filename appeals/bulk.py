"""Writing many rows' changed fields in one statement.

Django's `bulk_update` builds a CASE WHEN expression per field and row, which costs more than
the sweep's own logic for a batch of hundreds; on PostgreSQL one
`UPDATE … FROM (VALUES …)` does the same in a fraction of the time. Other databases (SQLite,
the laptop default, with small data) keep `bulk_update`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, cast

from django.db import connection, models


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


def insert_instances(objects: Sequence[models.Model], *, with_ids: bool = False) -> None:
    """Unsaved instances of one model inserted with COPY on PostgreSQL (`bulk_create` elsewhere).

    Django's `bulk_create` compiles one placeholder and one adapted parameter per field and row,
    which costs more than the sweep's own logic; COPY streams the values as they are. With
    `with_ids` the primary keys are taken from the table's sequence first (one query), so the
    caller can hand them on (the outbox queues notification ids after commit)."""
    if not objects:
        return
    model = type(objects[0])
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects)
        return
    meta = model._meta
    if with_ids:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, cast("models.Field[Any, Any]", meta.pk).column, len(objects)],
            )
            for instance, (pk,) in zip(objects, cursor.fetchall(), strict=True):
                instance.pk = pk
    fields = [field for field in meta.concrete_fields if with_ids or not field.primary_key]
    rows = [
        tuple(_copy_value(field, field.pre_save(instance, True)) for field in fields) for instance in objects
    ]
    insert_rows(model, [str(field.column) for field in fields], rows)
    for instance in objects:
        instance._state.adding = False
        instance._state.db = connection.alias


def _copy_value(field: models.Field[Any, Any], value: Any) -> Any:
    if isinstance(field, models.JSONField):
        return json.dumps(value, cls=field.encoder)
    return value


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
