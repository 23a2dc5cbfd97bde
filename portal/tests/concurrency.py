"""Helpers for race tests: real concurrent work on separate PostgreSQL connections.

`run_together` starts each callable in its own thread (each thread gets its own database
connection) behind a barrier, and returns what each returned or raised. `wait_for_lock_waiters`
polls `pg_stat_activity` until a number of other sessions are blocked on a lock, so a test can
hold a row lock, let the requests pile up behind it, and release them at a known moment: the race
then happens every run instead of by luck.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, connections


def run_together(
    tasks: Sequence[Callable[[], Any]], *, before_release: Callable[[], None] | None = None
) -> list[Any]:
    """Run the tasks at once; each result is the task's return value or the exception it raised.

    `before_release` runs in the calling thread once every task has started (e.g. wait for them to
    block on a lock the caller holds, then release it).
    """
    results: list[Any] = [None] * len(tasks)
    barrier = threading.Barrier(len(tasks) + 1)

    def run(index: int, task: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = task()
        except BaseException as error:  # handed back to the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, task), daemon=True) for i, task in enumerate(tasks)]
    for thread in threads:
        thread.start()
    barrier.wait()
    if before_release is not None:
        before_release()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a concurrent task did not finish (deadlock?)"
    return results


def run_queued(tasks: Sequence[Callable[[], Any]], *, behind: HeldLock) -> list[Any]:
    """Start the tasks one by one, each once the previous one is blocked on a lock (the one held
    by `behind`, or one an earlier task holds), then release `behind` and let them all run."""
    results: list[Any] = [None] * len(tasks)

    def run(index: int, task: Callable[[], Any]) -> None:
        try:
            results[index] = task()
        except BaseException as error:  # handed back to the test
            results[index] = error
        finally:
            connections.close_all()

    threads = []
    for index, task in enumerate(tasks):
        thread = threading.Thread(target=run, args=(index, task), daemon=True)
        thread.start()
        threads.append(thread)
        wait_for_lock_waiters(index + 1)
    behind.release()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a queued task did not finish (deadlock?)"
    return results


def lock_waiters() -> int:
    """How many other sessions of this database are waiting for a lock right now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
        )
        return int(cursor.fetchone()[0])


def wait_for_lock_waiters(count: int, *, timeout: float = 30.0) -> None:
    """Wait until `count` sessions are blocked on a lock (fails the test after `timeout`)."""
    deadline = time.monotonic() + timeout
    while lock_waiters() < count:
        assert time.monotonic() < deadline, f"expected {count} sessions waiting for a lock"
        time.sleep(0.02)


class HeldLock:
    """Run `take` (which locks rows) in a transaction on a connection of its own and keep the
    transaction open until `release()`; used as a context manager it always releases."""

    def __init__(self, take: Callable[[], Any]) -> None:
        self._take = take
        self._taken = threading.Event()
        self._release = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._hold, daemon=True)

    def _hold(self) -> None:
        from django.db import transaction

        try:
            with transaction.atomic():
                self._take()
                self._taken.set()
                self._release.wait(timeout=120)
        except BaseException as error:  # surfaced by __enter__
            self._error = error
            self._taken.set()
        finally:
            connections.close_all()

    def __enter__(self) -> HeldLock:
        self._thread.start()
        self._taken.wait(timeout=60)
        if self._error is not None:
            raise self._error
        return self

    def release(self) -> None:
        self._release.set()

    def __exit__(self, *exc: object) -> None:
        self.release()
        self._thread.join(timeout=60)


def release_when_waiting(lock: HeldLock, count: int) -> Callable[[], None]:
    """A `before_release` for `run_together`: once `count` tasks wait on the lock, let them go."""

    def release() -> None:
        wait_for_lock_waiters(count)
        lock.release()

    return release
