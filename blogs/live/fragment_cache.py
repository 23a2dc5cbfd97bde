"""The cache of the public live fragment: one entry per (session, language), the same bytes
for every viewer. A write that changes what the fragment shows bumps the session's `version`
and drops the entries after commit (`fragment_changed`); the next request rebuilds them."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

# A change drops the entry at once (after commit); the timeout only bounds how long a rebuild
# that raced a write (read before its commit, stored after its drop) can serve the older answers.
# One rebuild every 30 s per language is one query, whatever the number of viewers.
CACHE_SECONDS = 30


def cache_key(session_id: int, language: str) -> str:
    return f"live:fragment:{session_id}:{language}"


def fragment_changed(session_id: int) -> None:
    """Call inside the write's transaction: the entries go once it has committed."""
    keys = [cache_key(session_id, code) for code, _name in settings.LANGUAGES]
    transaction.on_commit(lambda: cache.delete_many(keys))
