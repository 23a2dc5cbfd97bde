"""Lower bounds measured in the database itself: the live GROUP BY the statistics rollups
replace, and COPY of the rows the demo seed writes."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable

import psycopg
from django.db import connection

from appeals.calendar import WorkingCalendar

# What each statistics endpoint groups by, as a live query over the appeals would.
GROUPINGS = {
    "agencies": "a.agency_id",
    "regions": "a.region_id",
    "agency-regions": "a.agency_id, a.region_id",
    "months": "date_trunc('month', a.registered_on)",
}
WORKDAYS = "bench_workdays"
# The tables `seed_demo` fills, in an order COPY can fill them (no foreign keys on the copies).
SEEDED_TABLES = (
    "appeals_appeal",
    "appeals_appealevent",
    "appeals_answer",
    "appeals_escalation",
    "appeals_appealdaystats",
    "appeals_appealresponsedays",
)


def median_seconds(run: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def create_workdays() -> None:
    """Each day's ordinal among working days (the portal's calendar), so that the working days
    between two dates are one subtraction in SQL — what a live median of response times needs."""
    calendar = WorkingCalendar.load()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(registered_on), max(coalesce(answered_on, registered_on)) FROM appeals_appeal"
        )
        first, last = cursor.fetchone()
        first = first or dt.date.today()
        last = last or first
        cursor.execute(f"DROP TABLE IF EXISTS {WORKDAYS}")
        cursor.execute(f"CREATE UNLOGGED TABLE {WORKDAYS} (day date PRIMARY KEY, ordinal integer NOT NULL)")
        rows, ordinal, day = [], 0, first
        while day <= last:
            ordinal += calendar.is_working_day(day)
            rows.append((day, ordinal))
            day += dt.timedelta(days=1)
        with cursor.cursor.copy(f"COPY {WORKDAYS} (day, ordinal) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"ANALYZE {WORKDAYS}")


def live_group_by_sql(endpoint: str) -> str:
    """The endpoint's figures straight from the appeals: counts, answered on time, overdue,
    mean rating and the median working days to answer."""
    key = GROUPINGS[endpoint]
    return f"""
        SELECT {key}, count(*),
               count(a.answered_on),
               count(*) FILTER (WHERE a.answered_on <= a.due_on),
               count(*) FILTER (WHERE a.overdue_since IS NOT NULL OR a.answered_on > a.due_on),
               count(*) FILTER (WHERE a.status IN ('registered', 'assigned', 'awaiting_clarification')),
               count(*) FILTER (WHERE a.escalation_level >= 1),
               avg(a.rating),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY answered.ordinal - registered.ordinal)
        FROM appeals_appeal a
        JOIN {WORKDAYS} registered ON registered.day = a.registered_on
        LEFT JOIN {WORKDAYS} answered ON answered.day = a.answered_on
        WHERE a.status <> 'withdrawn'
        GROUP BY {key}
    """  # noqa: S608 (our own fragments)


def live_group_by_seconds(endpoint: str) -> float:
    sql = live_group_by_sql(endpoint)

    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.fetchall()

    return median_seconds(run)


def copy_seconds(database_url: str) -> tuple[float, int]:
    """COPY the seeded rows into empty copies of their tables (same columns, indexes and checks;
    no foreign keys to verify, so the bound is if anything low). Streamed table by table from a
    COPY TO on one connection into a COPY FROM on another; returns (seconds, rows)."""
    rows = 0
    with psycopg.connect(database_url) as source, psycopg.connect(database_url) as target:
        for table in SEEDED_TABLES:
            target.execute(f"CREATE TABLE bench_copy_{table} (LIKE {table} INCLUDING ALL)")
        target.commit()
        started = time.perf_counter()
        for table in SEEDED_TABLES:
            with (
                source.cursor().copy(f"COPY {table} TO STDOUT (FORMAT binary)") as out,
                target.cursor().copy(f"COPY bench_copy_{table} FROM STDIN (FORMAT binary)") as into,
            ):
                for block in out:
                    into.write(block)
        target.commit()
        seconds = time.perf_counter() - started
        for table in SEEDED_TABLES:
            count = target.execute(f"SELECT count(*) FROM bench_copy_{table}").fetchone()  # noqa: S608
            rows += count[0] if count else 0
            target.execute(f"DROP TABLE bench_copy_{table}")
        target.commit()
    return seconds, rows
