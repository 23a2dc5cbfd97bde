"""Cache invalidation for the officials' reference data (wired in `OfficialsConfig.ready`)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction

from officials.selectors import REFERENCE_COUNTS_KEY


def forget_reference_counts(**_kwargs: Any) -> None:
    """An agency or a region was saved or deleted: the home page's counts are read afresh (after
    commit, so a reader cannot cache the old figures again meanwhile)."""
    transaction.on_commit(lambda: cache.delete(REFERENCE_COUNTS_KEY))
