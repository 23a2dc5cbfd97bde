"""Reference data kept in each process's memory: agencies, regions, deadline policies and the
calendar's exceptions are read by every filing and change a few times a year.

A remembered value is used only while all of this holds:
- the reference version in Redis is the one it was loaded under. A committed change to a watched
  model (`watch`, wired in the apps' `ready`) replaces the version; each process reads it at most
  once per VERSION_MEMO_SECONDS (1 s), so another process follows a change within a second (at
  once in the process that made it);
- it is younger than `settings.DIALOG_REFERENCE_CACHE_SECONDS` (60 s by default), which bounds
  what a change that bypasses the model signals (a queryset `update`, raw SQL) can leave behind;
- this process has no change of a watched model in flight: from the change until its transaction
  ends, values are read from the database and not remembered (they could be uncommitted).

Without Redis, or with DIALOG_REFERENCE_CACHE_SECONDS = 0 (the tests, which change reference rows
with queryset updates inside transactions that are rolled back), nothing is remembered.

Processes here are single-threaded (gunicorn sync workers, Celery prefork): the state is
per process."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

VERSION_KEY = "reference:version"
VERSION_MEMO_SECONDS = 1.0
# name -> (version, loaded at (monotonic), value)
_entries: dict[str, tuple[str, float, Any]] = {}
_version_memo: tuple[float, str] | None = None
_in_flight = False


def remembered[T](name: str, load: Callable[[], T]) -> T:
    """`load()`'s value, remembered under `name` while it is valid (see the module's docstring).
    Callers hand out copies of mutable values (model instances)."""
    max_age = float(settings.DIALOG_REFERENCE_CACHE_SECONDS)
    if max_age <= 0 or _change_in_flight():
        return load()
    version = _version()  # read before loading: a change committed meanwhile makes a new one
    if version is None:
        return load()
    now = time.monotonic()
    entry = _entries.get(name)
    if entry is not None and entry[0] == version and now - entry[1] < max_age:
        return entry[2]  # type: ignore[no-any-return]
    value = load()
    _entries[name] = (version, now, value)
    return value


def forget() -> None:
    """Forget every remembered value and the version read (this process only)."""
    global _version_memo
    _entries.clear()
    _version_memo = None


def publish_change() -> None:
    """A watched model changed and committed: a new version for every process."""
    forget()
    try:
        cache.set(VERSION_KEY, str(time.time_ns()), timeout=None)
    except Exception:  # the cache being down must never undo a committed change
        logger.exception(
            "Could not publish a reference data change; other processes follow within %ss",
            settings.DIALOG_REFERENCE_CACHE_SECONDS,
        )


def watch(*models: type[Model]) -> None:
    """Every save or delete of these models invalidates the remembered values."""
    for model in models:
        name = f"{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"reference-cache-saved-{name}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"reference-cache-deleted-{name}")


def _changed(**_kwargs: Any) -> None:
    global _in_flight
    forget()
    _in_flight = True
    transaction.on_commit(_committed)  # at once outside a transaction


def _committed() -> None:
    global _in_flight
    _in_flight = False
    publish_change()


def _change_in_flight() -> bool:
    """Whether a change of this process may be uncommitted: from the change until its transaction
    ends (committed: `_committed` ran; rolled back: the connection left the atomic block)."""
    global _in_flight
    if _in_flight and not connection.in_atomic_block:
        _in_flight = False
        forget()
    return _in_flight


def _version() -> str | None:
    global _version_memo
    now = time.monotonic()
    memo = _version_memo
    if memo is not None and 0 <= now - memo[0] < VERSION_MEMO_SECONDS:
        return memo[1]
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, str(time.time_ns()), timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception as error:  # no cache: nothing is remembered (correct, only slower)
        logger.warning("Reference data not cached: the cache is unreachable (%s)", error)
        return None
    if version is None:
        return None
    _version_memo = (now, str(version))
    return str(version)
