"""Tracking numbers: PREFIX-YYYY-NNNNNN, unique, increasing within a year.

On PostgreSQL each year's numbers come from a sequence of its own (`appeals_tracking_<year>`),
created on first use: taking a number locks nothing, so filings across the country never wait for
one another. A sequence is not rolled back, so a filing that fails leaves a gap; a registration
number only has to be unique and increasing, and the register shows the gap honestly (README,
"Tracking numbers"). `TrackingCounter` is the floor a new sequence starts above, and the counter
SQLite (`make run`) keeps, where writes are serialised by the database anyway."""

from __future__ import annotations

import contextlib
import re

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, ProgrammingError, connection, connections, transaction
from django.db.models import F

from appeals.models import TrackingCounter

# What a tracking number looks like in a URL or a search box (any configured prefix).
TRACKING_NUMBER_PATTERN = r"[A-Za-z0-9]{1,10}-[0-9]{4}-[0-9]{1,10}"
TRACKING_NUMBER_SHAPE = re.compile(TRACKING_NUMBER_PATTERN)


def format_tracking_number(year: int, number: int) -> str:
    return f"{settings.DIALOG_TRACKING_PREFIX}-{year}-{number:06d}"


# Each year's sequence, by OID, once this process has seen it committed (it is never dropped).
_SEQUENCES: dict[int, int] = {}


def _sequence_name(year: int) -> str:
    return f"appeals_tracking_{int(year)}"


def next_tracking_number(year: int) -> str:
    """Take the next number of `year`: one `nextval` on PostgreSQL (no lock held until commit),
    the counter row elsewhere."""
    if connection.vendor != "postgresql":
        return format_tracking_number(year, _next_from_counter(year))
    if year not in _SEQUENCES:
        _SEQUENCES[year] = _sequence_oid(year)
    with connection.cursor() as cursor:
        # By OID: a name this transaction once looked up in vain may stay unknown to it even after
        # another connection created it (PostgreSQL's catalog caches), an OID is opened afresh.
        cursor.execute("SELECT nextval(%s::oid::regclass)", [_SEQUENCES[year]])
        number = int(cursor.fetchone()[0])
    return format_tracking_number(year, number)


def _next_from_counter(year: int) -> int:
    """SQLite: the counter row, updated in the caller's transaction (SQLite has one writer)."""
    TrackingCounter.objects.get_or_create(year=year)
    TrackingCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
    return TrackingCounter.objects.values_list("last_number", flat=True).get(year=year)


def _sequence_oid(year: int) -> int:
    """The year's sequence, created if need be on a connection of its own, committed at once:
    DDL inside the filing's transaction would make every other first filing of the year wait for
    it to commit (and vanish with it on a rollback). It starts above the counter (numbers given
    out before sequences, or by the bulk demo seed)."""
    name = _sequence_name(year)
    primary = connections[DEFAULT_DB_ALIAS]
    side = type(primary)(dict(primary.settings_dict), primary.alias)
    try:
        with side.cursor() as cursor:
            cursor.execute(
                f"SELECT last_number FROM {TrackingCounter._meta.db_table} WHERE year = %s",  # noqa: S608
                [year],
            )
            row = cursor.fetchone()
            floor = int(row[0]) if row else 0
            # IntegrityError: another process created it at the same moment.
            with contextlib.suppress(IntegrityError, ProgrammingError):
                cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {name} START WITH {floor + 1}")
            cursor.execute("SELECT %s::regclass::oid", [name])
            return int(cursor.fetchone()[0])
    finally:
        side.close()


def last_tracking_numbers() -> dict[int, int]:
    """The last number given out per year (for writers that number appeals in bulk)."""
    numbers = dict(TrackingCounter.objects.values_list("year", "last_number"))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = current_schema() AND sequencename LIKE 'appeals_tracking_%%'"
            )
            for sequence, last_value in cursor.fetchall():
                year = int(sequence.rsplit("_", 1)[1])
                numbers[year] = max(numbers.get(year, 0), int(last_value or 0))
    return numbers


def set_last_tracking_number(year: int, last: int) -> None:
    """Numbers up to `last` of `year` are taken (by a bulk writer): the counter and, where it
    exists, the sequence move up to it (never down)."""
    with transaction.atomic():
        TrackingCounter.objects.update_or_create(year=year, defaults={"last_number": last})
        if connection.vendor == "postgresql":
            # The sequence is made now if it is missing (on its own connection, committed at
            # once): made later, by the first filing, it would start above the counter as
            # *committed*, and a bulk writer's transaction that files appeals after it (the
            # demo seed's blogs, consultations and live sessions) has not committed yet.
            if year not in _SEQUENCES:
                _SEQUENCES[year] = _sequence_oid(year)
            with connection.cursor() as cursor:
                # setval is not transactional: the numbers stay taken even if this rolls back,
                # which leaves a gap and never a duplicate.
                cursor.execute(
                    "SELECT setval(%s::oid::regclass, GREATEST(%s, (SELECT last_value FROM pg_sequences "
                    "WHERE schemaname = current_schema() AND sequencename = %s)))",
                    [_SEQUENCES[year], last, _sequence_name(year)],
                )
