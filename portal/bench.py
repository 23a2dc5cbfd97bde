"""`make bench`: measurements of the hot paths, each against a lower bound measured in the
same run on the same database (never a timed assertion in a test).

Needs PostgreSQL: set DATABASE_URL (default postgres://postgres@127.0.0.1:5432/dialog_bench;
the database is created, migrated and emptied of appeals by the benchmark).

    python -m portal.bench sweep [--appeals 100000] [--batch 500]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dialog_bench"


def _setup() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")
    url = os.environ["DATABASE_URL"]
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[-1]
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True, check=False
        )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self, execute: Callable[..., object], sql: str, params: object, many: bool, context: object
    ) -> object:
        self.count += 1
        return execute(sql, params, many, context)


def bench_sweep(appeals: int, batch: int) -> None:
    from django.db import connection, transaction

    from appeals.benchmarks import create_due_appeals, lower_bound_claim_and_update, wipe_appeals
    from appeals.sweep import run_sweep

    now = create_due_appeals(appeals, open_not_due=appeals)
    print(f"{appeals:,} appeals due at once, plus {appeals:,} open ones not yet due", flush=True)

    counter = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        report = run_sweep(now=now, batch_size=batch)
    sweep_seconds = time.perf_counter() - started
    per_batch = counter.count / max(report.batches, 1)
    print(
        f"sweep: {sweep_seconds:.1f} s, {report.steps.total():,} steps in {report.batches} batches, "
        f"{counter.count} queries ({per_batch:.1f} per batch), {appeals / sweep_seconds:,.0f} appeals/s",
        flush=True,
    )

    counter_idle = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter_idle):
        idle = run_sweep(now=now, batch_size=batch)
    idle_seconds = time.perf_counter() - started
    print(
        f"second sweep (nothing due, {appeals:,} still open): {idle_seconds * 1000:.0f} ms, "
        f"{counter_idle.count} queries, {idle.steps.total()} steps",
        flush=True,
    )

    wipe_appeals()
    now = create_due_appeals(appeals, open_not_due=0)
    started = time.perf_counter()
    with transaction.atomic():
        lower_bound_claim_and_update(now=now, batch=batch)
    bound_seconds = time.perf_counter() - started
    print(
        "lower bound (claim each batch with SKIP LOCKED and bulk-update it, no logic): "
        f"{bound_seconds:.1f} s; "
        f"the sweep takes {sweep_seconds / bound_seconds:.1f}x that",
        flush=True,
    )
    wipe_appeals()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m portal.bench", description=__doc__)
    sub = parser.add_subparsers(dest="what")
    sweep = sub.add_parser("sweep", help="one sweep over N appeals that became due at once")
    sweep.add_argument("--appeals", type=int, default=100_000)
    sweep.add_argument("--batch", type=int, default=500)
    args = parser.parse_args(argv)
    _setup()
    if args.what in (None, "sweep"):
        bench_sweep(getattr(args, "appeals", 100_000), getattr(args, "batch", 500))
    return 0


if __name__ == "__main__":
    sys.exit(main())
