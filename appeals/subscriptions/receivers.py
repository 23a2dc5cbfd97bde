"""Subscriptions hear the register (wired in `AppealsConfig.ready`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from appeals.subscriptions.events import subscription_event_record


def on_register_change(
    sender: object, *, publication_id: int, kind: str, at: dt.datetime, **_kwargs: Any
) -> None:
    """`appeals.signals.register_change`, sent inside the transaction of the change."""
    subscription_event_record(publication_id=publication_id, kind=kind, at=at)
