"""The deadline sweep: reminders, overdue marking and the escalation ladder.

Rows with something to do carry `next_action_at`; the sweep claims the due ones in batches with
SELECT … FOR UPDATE SKIP LOCKED over a partial index, so parallel sweeps share the work and never
take the same row. Each batch is one transaction with a fixed number of queries, whatever its
size; each step is recorded as an event, and a unique constraint makes each (appeal, level)
happen once. A sweep killed half-way loses only its current, uncommitted batch.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from appeals.bulk import insert_values, update_fields_in_bulk
from appeals.calendar import WorkingCalendar
from appeals.deadlines import escalate_to_head, escalate_to_oversight, schedule_next_action
from appeals.delivery import undelivered_ids
from appeals.models import Appeal, AppealEvent, Escalation, EventKind
from appeals.models.appeal import NextAction
from appeals.notifications import NotificationBatch
from appeals.outbox import enqueue_delivery
from appeals.signals import sweep_started
from appeals.stats.rollups import rollup
from officials.models import Agency, Official
from officials.selectors import national_oversight, oversight_body
from portal.accounts.models import User

logger = logging.getLogger(__name__)

UPDATED_FIELDS = (
    "reminder_sent_at",
    "overdue_since",
    "escalation_level",
    "escalated_to",
    "next_action",
    "next_action_at",
    "updated_at",
)


@dataclass
class SweepReport:
    steps: Counter[str] = field(default_factory=Counter)
    lines: list[str] = field(default_factory=list)
    batches: int = 0
    requeued: int = 0

    def summary(self) -> str:
        return (
            f"reminders: {self.steps[NextAction.REMINDER]}, "
            f"level 1: {self.steps[NextAction.ESCALATE_1]}, "
            f"level 2: {self.steps[NextAction.ESCALATE_2]}, "
            f"notifications re-queued: {self.requeued}, batches: {self.batches}"
        )


@dataclass
class _BatchContext:
    now: dt.datetime
    calendar: WorkingCalendar
    heads: dict[int, list[User]]
    overseers: dict[int, list[User]]
    national_oversight: Agency | None
    # New rows as {field: value}, written with one COPY per table (appeals.bulk.insert_values).
    events: list[dict[str, object]] = field(default_factory=list)
    escalations: list[dict[str, object]] = field(default_factory=list)
    notifications: NotificationBatch = field(default_factory=NotificationBatch)


def run_sweep(
    *,
    now: dt.datetime | None = None,
    batch_size: int | None = None,
    on_batch: Callable[[SweepReport], None] | None = None,
) -> SweepReport:
    now = now or timezone.now()
    batch_size = batch_size or settings.DIALOG_SWEEP_BATCH
    # Higher layers' due work first (a closed consultation's response obligation); a failing
    # receiver is logged by Django (logger "django.dispatch") and never stops the sweep.
    sweep_started.send_robust(sender=run_sweep, now=now)
    calendar = WorkingCalendar.load()
    national = national_oversight()
    report = SweepReport()
    while _sweep_one_batch(now=now, size=batch_size, calendar=calendar, national=national, report=report):
        report.batches += 1
        if on_batch:
            on_batch(report)
    report.requeued = requeue_undelivered(now)
    return report


def _sweep_one_batch(
    *, now: dt.datetime, size: int, calendar: WorkingCalendar, national: Agency | None, report: SweepReport
) -> bool:
    with transaction.atomic():
        batch = list(claim(now=now, size=size))
        if not batch:
            return False
        rollup.remember_all(batch)
        bodies = {a.agency.parent_id for a in batch if a.agency.parent_id}
        if national is not None:
            bodies.add(national.pk)
        context = _BatchContext(
            now=now,
            calendar=calendar,
            heads=_officials_by_agency({a.agency_id for a in batch}, (Official.Role.HEAD,)),
            overseers=_officials_by_agency(bodies, (Official.Role.OVERSIGHT, Official.Role.HEAD)),
            national_oversight=national,
        )
        for appeal in batch:
            # Take every step that is due by `now` (an --as-of far ahead may owe several).
            while appeal.next_action_at is not None and appeal.next_action_at <= now:
                step = appeal.next_action
                _STEPS[step](appeal, context)
                report.steps[step] += 1
                report.lines.append(f"{appeal.tracking_number}: {NextAction(step).label}")
                schedule_next_action(appeal, calendar)
            appeal.updated_at = now
        # Set-based write-back: one COPY per table, one UPDATE for the claimed rows.
        insert_values(Escalation, context.escalations)
        insert_values(AppealEvent, context.events)
        context.notifications.save_and_enqueue()  # the outbox, queued after commit
        update_fields_in_bulk(batch, UPDATED_FIELDS)
        rollup.record_changes(batch)  # one statement for the whole batch's overdue/escalated deltas
    return True


def claim(*, now: dt.datetime, size: int) -> QuerySet[Appeal]:
    """The next batch of due appeals, locked for this transaction; rows another sweep holds are
    skipped. In (time, id) order, which the partial index `appeal_next_action_id_idx` gives
    without sorting the due rows."""
    return (
        Appeal.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(next_action_at__lte=now)
        .select_related("agency__parent", "citizen", "assignee__user")
        .order_by("next_action_at", "id")[:size]
    )


def _officials_by_agency(agency_ids: set[int], roles: tuple[str, ...]) -> dict[int, list[User]]:
    found: dict[int, list[User]] = defaultdict(list)
    for official in (
        Official.objects.active().filter(agency_id__in=agency_ids, role__in=roles).select_related("user")
    ):
        found[official.agency_id].append(official.user)
    return found


def _event(
    appeal: Appeal, context: _BatchContext, kind: str, data: dict[str, object], internal: bool = False
) -> None:
    context.events.append(
        {
            "appeal_id": appeal.pk,
            "kind": kind,
            "data": data,
            "is_internal": internal,
            "created_at": context.now,
        }
    )


def _tell(
    appeal: Appeal,
    context: _BatchContext,
    users: list[User],
    kind: str,
    extra: Mapping[str, object] | None = None,
) -> None:
    for user in users:
        context.notifications.add(user=user, kind=kind, appeal=appeal, extra=extra)


def _remind(appeal: Appeal, context: _BatchContext) -> None:
    appeal.reminder_sent_at = context.now
    assignee = appeal.assignee.user if appeal.assignee and appeal.assignee.is_active else None
    recipients = [assignee] if assignee else context.heads.get(appeal.agency_id, [])
    _event(appeal, context, EventKind.REMINDER, {"due_on": appeal.due_on.isoformat()}, internal=True)
    _tell(appeal, context, recipients, "reminder")


def _escalate_to_head(appeal: Appeal, context: _BatchContext) -> None:
    """Level 1 at the due date: overdue; the head is accountable and told, so is the citizen."""
    escalate_to_head(appeal)
    context.escalations.append({"appeal_id": appeal.pk, "level": 1, "to_agency_id": appeal.agency_id})
    _event(appeal, context, EventKind.OVERDUE, {"due_on": appeal.due_on.isoformat()})
    _event(appeal, context, EventKind.ESCALATED, {"level": 1, "to_agency": appeal.agency.slug})
    _tell(appeal, context, context.heads.get(appeal.agency_id, []), "escalated_head")
    _tell(appeal, context, [appeal.citizen], "escalated_citizen")


def _escalate_to_oversight(appeal: Appeal, context: _BatchContext) -> None:
    """Level 2: the oversight body gets the appeal in its queue."""
    body = oversight_body(appeal.agency, context.national_oversight)
    escalate_to_oversight(appeal, body)
    if body is None:
        logger.error("No oversight body for %s; set DIALOG_NATIONAL_OVERSIGHT_SLUG", appeal.agency.slug)
        _event(appeal, context, EventKind.ESCALATED, {"level": 2, "to_agency": None})
        return
    context.escalations.append({"appeal_id": appeal.pk, "level": 2, "to_agency_id": body.pk})
    _event(appeal, context, EventKind.ESCALATED, {"level": 2, "to_agency": body.slug})
    extra = {"target": body.name}
    _tell(appeal, context, context.overseers.get(body.pk, []), "escalated_oversight", extra)
    _tell(appeal, context, [appeal.citizen], "escalated_citizen", extra)


_STEPS: dict[str, Callable[[Appeal, _BatchContext], None]] = {
    NextAction.REMINDER: _remind,
    NextAction.ESCALATE_1: _escalate_to_head,
    NextAction.ESCALATE_2: _escalate_to_oversight,
}


def requeue_undelivered(now: dt.datetime, *, limit: int = 1000) -> int:
    older_than = dt.timedelta(seconds=settings.DIALOG_OUTBOX_REQUEUE_SECONDS)
    ids = undelivered_ids(now, older_than=older_than, limit=limit)
    if ids:
        enqueue_delivery(ids)
    return len(ids)
