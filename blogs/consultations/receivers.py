"""Signal handlers (wired in ConsultationsConfig.ready): they only hand over to the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.dispatch import receiver

from appeals.signals import sweep_started
from blogs.consultations.services import consultations_close_due


@receiver(sweep_started, dispatch_uid="consultations.close_due")
def close_due_consultations(sender: Any, *, now: dt.datetime, **kwargs: Any) -> None:
    """Every sweep (each minute, and `process_deadlines --as-of`) closes what has fallen due and
    registers the response it owes, before the sweep claims appeals."""
    consultations_close_due(now=now)
