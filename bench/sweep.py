"""The deadline sweep over N appeals that fall due at once, against its lower bound: claiming
the same rows batch by batch (SKIP LOCKED) and writing back the columns the sweep changes, with
no ladder, no events and no outbox. Both start from the same rows in the same database."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection

from appeals.benchmarks import create_due_appeals, lower_bound_claim_and_update, wipe_appeals
from appeals.sweep import SweepReport, run_sweep

BATCH = 500


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self, execute: Callable[..., object], sql: str, params: object, many: bool, context: object
    ) -> object:
        self.count += 1
        return execute(sql, params, many, context)


@dataclass(frozen=True)
class SweepFigures:
    sweep_seconds: float
    bound_seconds: float
    steps: int
    batches: int
    queries_per_batch: float


def measure(appeals: int, progress: Callable[[str], None]) -> SweepFigures:
    wipe_appeals()
    now = create_due_appeals(appeals)
    progress(f"sweep: {appeals:,} appeals due at once")

    def on_batch(report: SweepReport) -> None:
        if report.batches % 40 == 0:
            progress(f"  {report.steps.total():,} steps")

    counter = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        report = run_sweep(now=now, batch_size=BATCH, on_batch=on_batch)
    sweep_seconds = time.perf_counter() - started

    wipe_appeals()
    now = create_due_appeals(appeals)
    progress("sweep lower bound: claim and write back")
    started = time.perf_counter()
    lower_bound_claim_and_update(now=now, batch=BATCH)
    bound_seconds = time.perf_counter() - started
    wipe_appeals()
    return SweepFigures(
        sweep_seconds=sweep_seconds,
        bound_seconds=bound_seconds,
        steps=report.steps.total(),
        batches=report.batches,
        queries_per_batch=counter.count / max(report.batches, 1),
    )
