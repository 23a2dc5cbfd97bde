"""The one place an appeal's status changes: the table of allowed moves, the row lock, the event.

Every service opens a transaction, takes `lock_appeal`, and calls `transition` (or
`record_event` for things that are not a change of status). Anything not in the table is refused.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from appeals.models import Appeal, AppealEvent, AppealStatus
from appeals.register.changes import RegisterChange, register_changed
from appeals.stats.rollups import rollup
from portal.accounts.models import User
from portal.domain_errors import IllegalTransition

S = AppealStatus

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.REGISTERED: frozenset(
        {S.ASSIGNED, S.AWAITING_CLARIFICATION, S.ANSWERED, S.REDIRECTED, S.REJECTED, S.WITHDRAWN}
    ),
    S.ASSIGNED: frozenset(
        {S.ASSIGNED, S.AWAITING_CLARIFICATION, S.ANSWERED, S.REDIRECTED, S.REJECTED, S.WITHDRAWN}
    ),
    S.AWAITING_CLARIFICATION: frozenset({S.REGISTERED, S.ASSIGNED, S.REJECTED, S.WITHDRAWN}),
    # A further answer may follow an answer (an answer is never edited).
    S.ANSWERED: frozenset({S.ANSWERED, S.CLOSED}),
    S.CLOSED: frozenset(),
    S.REDIRECTED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}


def is_allowed(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())


def lock_appeal(appeal_id: int) -> Appeal:
    """The appeal, locked until the surrounding transaction ends."""
    appeal = (
        Appeal.objects.select_for_update(of=("self",)).select_related("agency", "citizen").get(pk=appeal_id)
    )
    rollup.remember(appeal)  # what it adds to the statistics now, for the delta when it is saved
    return appeal


def record_event(
    appeal: Appeal,
    *,
    kind: str,
    actor: User | None,
    note: str = "",
    data: dict[str, Any] | None = None,
    from_status: str = "",
    to_status: str = "",
    internal: bool = False,
    at: dt.datetime | None = None,
) -> AppealEvent:
    return AppealEvent.objects.create(
        created_at=at or timezone.now(),
        appeal=appeal,
        kind=kind,
        actor=actor,
        note=note,
        data=data or {},
        from_status=from_status,
        to_status=to_status,
        is_internal=internal,
    )


def transition(
    appeal: Appeal,
    *,
    to: str,
    actor: User | None,
    kind: str,
    note: str = "",
    data: dict[str, Any] | None = None,
    update_fields: tuple[str, ...] = (),
    at: dt.datetime | None = None,
) -> AppealEvent:
    """Move a locked appeal to `to`, saving `update_fields` with it, and write the event."""
    from_status = appeal.status
    if not is_allowed(from_status, to):
        raise IllegalTransition(
            _("An appeal that is “%(from)s” cannot become “%(to)s”.")
            % {"from": AppealStatus(from_status).label, "to": AppealStatus(to).label}
        )
    rollup.ensure_remembered(appeal)
    appeal.status = to
    appeal.save(update_fields=("status", "updated_at", *update_fields))
    rollup.record_change(appeal)
    event = record_event(
        appeal,
        kind=kind,
        actor=actor,
        note=note,
        data=data,
        from_status=from_status,
        to_status=to,
        at=at,
    )
    # An answer is reported by `send_answer` once the answer row exists (the register shows it).
    if to != AppealStatus.ANSWERED:
        register_changed(appeal_id=appeal.pk, kind=RegisterChange.STATUS, at=event.created_at)
    return event
