"""The demo's bulk path: a million appeals in minutes.

The services' rules — registration, terms, the escalation ladder, redirects with a fresh
registration, clarification pauses, extensions and their cap — come from `appeals.deadlines`
(and `officials.selectors` for oversight), the functions the services and the sweep use; only the
sequence of each appeal's fate is worked out here, and the rows are written with COPY
(PostgreSQL) or batched INSERTs, then the statistics rebuilt from the appeals. Past notifications
are not written: the outbox would mail them all. `appeals/tests/stats/test_seed_bulk.py` checks
that the result is what the services would have made.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from django.db import connection, transaction
from django.db.models import JSONField, Max
from django.db.models.base import ModelState
from django.utils import timezone

from appeals.bulk import add_to_rows, insert_rows
from appeals.calendar import WorkingCalendar, local_date
from appeals.deadlines import (
    apply_policy,
    escalate_to_head,
    escalate_to_oversight,
    policy_for,
    register,
    resume_clock,
    schedule_next_action,
    within_extension_cap,
)
from appeals.demo.accounts import DEMO_DOMAIN, DemoAccount, demo_citizens, ensure_demo_accounts
from appeals.demo.mix import SUBJECTS, TYPE_WEIGHTS, agency_weights, moment_on
from appeals.models import (
    Answer,
    Appeal,
    AppealDayStats,
    AppealEvent,
    AppealMonthResponseDays,
    AppealMonthStats,
    AppealResponseDays,
    AppealStatus,
    AppealType,
    DeadlinePolicy,
    Escalation,
    EventKind,
)
from appeals.models.appeal import CLOCK_RUNNING, NextAction
from appeals.models.rollups import COUNTERS, KEY_FIELDS
from appeals.stats.rollups.contribution import Delta, contribution_of
from appeals.stats.rollups.rollup import by_month, response_rows
from appeals.stats.rollups.version import bump_version_on_commit
from appeals.tracking import format_tracking_number, last_tracking_numbers, set_last_tracking_number
from officials.models import Agency, Official, Region
from officials.selectors import national_oversight, oversight_body
from portal.accounts.models import User

BULK_CHUNK = 20_000
# Weighted draws take cumulative weights, worked out once (`random.choices` would add the weights
# up again on every call; the draws are the same).
_CHANNELS, _CHANNEL_CUM_WEIGHTS = ["web", "api", "blog"], list(accumulate([85, 10, 5]))
_RATINGS, _RATING_CUM_WEIGHTS = [1, 2, 3, 4, 5], list(accumulate([15, 10, 20, 30, 25]))
# The appeal's own fields copied to its row; the rest are given when the row is written.
_COPIED_FIELDS = frozenset(
    f.attname
    for f in Appeal._meta.concrete_fields
    if f.attname
    not in ("id", "created_at", "updated_at", "tracking_number", "subject", "text", "redirected_from_id")
)
_PROTOTYPE: dict[str, Any] = {}


def _draft_appeal(**values: Any) -> Appeal:
    """An unsaved Appeal for the deadline functions to work on, made from a prototype's field
    values: `Model.__init__` (every field's default, signals) is a third of the time of a
    million appeals. The result is the same as `Appeal(**values)` for the fields we read."""
    if not _PROTOTYPE:
        _PROTOTYPE.update((k, v) for k, v in Appeal().__dict__.items() if k != "_state")
    appeal = Appeal.__new__(Appeal)
    appeal.__dict__.update(_PROTOTYPE)
    appeal.__dict__.update(values)
    appeal._state = ModelState()
    return appeal


class _Writer:
    """Rows for several tables, flushed in chunks. A row is built straight from each field's
    value or default (a million appeals make some eight million rows: no per-row dict merges)."""

    def __init__(self, models: list[type[Any]]) -> None:
        self.columns = {m: [f for f in m._meta.concrete_fields] for m in models}
        self.layout = {
            m: [
                (f.attname, isinstance(f, JSONField), f.get_default() if f.has_default() else None)
                for f in self.columns[m]
            ]
            for m in models
        }
        self.rows: dict[type[Any], list[tuple[Any, ...]]] = {m: [] for m in models}
        self.next_id = {m: (m.objects.aggregate(top=Max("id"))["top"] or 0) + 1 for m in models}

    def add(self, model: type[Any], **values: Any) -> int:
        pk = self.next_id[model]
        self.next_id[model] += 1
        values["id"] = pk
        self.rows[model].append(
            tuple(
                _json(values.get(name, default)) if is_json else values.get(name, default)
                for name, is_json, default in self.layout[model]
            )
        )
        return pk

    def flush(self) -> None:
        for model, rows in self.rows.items():
            if rows:
                insert_rows(model, [f.column for f in self.columns[model]], rows)
                rows.clear()

    def finish(self) -> None:
        self.flush()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in self.rows:
                    table = model._meta.db_table
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 (our table names)
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                    )


def _json(value: Any) -> str:
    if value is None or value == {}:  # most events carry no data: no encoder for them
        return "{}"
    return json.dumps(value)


@dataclass
class _BulkContext:
    rng: random.Random
    now: dt.datetime
    calendar: WorkingCalendar
    writer: _Writer
    agencies: list[Agency]
    agency_cum_weights: list[int]
    regions: list[Region]
    citizens: list[User]
    handlers: dict[int, Official]
    heads: dict[int, Official]
    admin: User
    policies: dict[str, DeadlinePolicy]
    national: Agency | None
    tracking: dict[int, int]
    counts: Counter[str]
    rollups: Delta


def _tracking(context: _BulkContext, year: int) -> str:
    context.tracking[year] = context.tracking.get(year, 0) + 1
    return format_tracking_number(year, context.tracking[year])


def _event(
    context: _BulkContext, appeal_id: int, kind: str, at: dt.datetime, actor: User | None, **extra: Any
) -> None:
    context.writer.add(
        AppealEvent,
        appeal_id=appeal_id,
        kind=kind,
        actor_id=actor.pk if actor else None,
        created_at=at,
        from_status=extra.pop("from_status", ""),
        to_status=extra.pop("to_status", ""),
        note=extra.pop("note", ""),
        data=extra.pop("data", {}),
        is_internal=extra.pop("internal", False),
    )


def _bulk_appeal(
    context: _BulkContext,
    *,
    submitted: dt.datetime,
    agency: Agency,
    region: Region,
    appeal_type: str,
    citizen: User,
    redirected_from: int | None = None,
    registered_moment: dt.datetime | None = None,
) -> None:
    """One appeal's whole history up to now, written as rows (and its successor if redirected)."""
    rng, calendar, now = context.rng, context.calendar, context.now
    policy = context.policies[appeal_type]
    registration = register(submitted_at=registered_moment or submitted, policy=policy, calendar=calendar)
    appeal = _draft_appeal(
        appeal_type=appeal_type,
        channel=rng.choices(_CHANNELS, cum_weights=_CHANNEL_CUM_WEIGHTS)[0],
        citizen_id=citizen.pk,
        agency_id=agency.pk,
        region_id=region.pk,
        submitted_at=submitted,
        **registration.appeal_fields(),
    )
    appeal._state.fields_cache["agency"] = agency  # `oversight_body` reads the agency's parent
    apply_policy(appeal, policy)
    officer = context.handlers.get(agency.pk)
    handler = officer.user if officer else context.admin
    events: list[tuple[str, dt.datetime, User | None, dict[str, Any]]] = []
    events.append(
        (
            EventKind.REDIRECT_RECEIVED if redirected_from else EventKind.REGISTERED,
            registration.registered_at if redirected_from else submitted,
            handler if redirected_from else citizen,
            {"to_status": AppealStatus.REGISTERED, "data": {"due_on": appeal.due_on.isoformat()}},
        )
    )

    def moment(working_days: int, start: dt.date | None = None) -> dt.datetime | None:
        day = calendar.add_working_days(start or appeal.registered_on, working_days)
        at = moment_on(day, rng)
        return at if at < now else None

    def move(to: str, kind: str, at: dt.datetime, actor: User | None, **extra: Any) -> None:
        events.append((kind, at, actor, {"from_status": appeal.status, "to_status": to, **extra}))
        appeal.status = to

    fate = rng.random()
    successor: tuple[dt.datetime, Agency] | None = None
    last_moment = registration.registered_at
    if fate < 0.07 and not redirected_from and (when := moment(rng.randint(1, 5))):
        target = rng.choices(context.agencies, cum_weights=context.agency_cum_weights)[0]
        if target.pk != agency.pk:
            move(AppealStatus.REDIRECTED, EventKind.REDIRECTED, when, handler, note="Outside our competence.")
            successor = (when, target)
            context.counts["redirected"] += 1
    if successor is None:
        if officer and (when := moment(1)):
            appeal.assignee = officer
            move(AppealStatus.ASSIGNED, EventKind.ASSIGNED, when, handler)
            last_moment = when
        running = appeal.status
        if 0.07 <= fate < 0.12 and (asked := moment(2)):
            appeal.paused_on = local_date(asked)
            move(
                AppealStatus.AWAITING_CLARIFICATION,
                EventKind.CLARIFICATION_REQUESTED,
                asked,
                handler,
                note="Please give the address.",
            )
            last_moment = asked
            back = moment_on(calendar.add_working_days(appeal.paused_on, rng.randint(1, 6)), rng)
            if back < now:
                resume_clock(appeal, today=local_date(back), calendar=calendar)
                move(
                    running,
                    EventKind.CLARIFICATION_RECEIVED,
                    back,
                    citizen,
                    note="The address is Abai Ave 10.",
                )
                last_moment = back
                context.counts["clarified"] += 1
        elif 0.12 <= fate < 0.15 and (when := moment(5)):
            head = context.heads.get(agency.pk)
            until = calendar.working_day_on_or_after(appeal.due_on + dt.timedelta(days=14))
            if within_extension_cap(appeal, until):
                events.append(
                    (
                        EventKind.EXTENDED,
                        when,
                        head.user if head else context.admin,
                        {"note": "An inspection is needed.", "data": {"until": until.isoformat()}},
                    )
                )
                appeal.due_on, appeal.extended = until, True
                last_moment = when
                context.counts["extended"] += 1
        elif 0.15 <= fate < 0.18 and (when := moment(3)):
            move(AppealStatus.WITHDRAWN, EventKind.WITHDRAWN, when, citizen)
        elif 0.18 <= fate < 0.20 and (when := moment(2)):
            move(
                AppealStatus.REJECTED,
                EventKind.REJECTED,
                when,
                handler,
                note="Repeats an appeal already answered.",
            )
        if appeal.status in CLOCK_RUNNING and rng.random() < 0.8:
            delay = rng.choice(
                [3, 6, 9, 12, 14, appeal.term_days, appeal.term_days + 3, appeal.term_days + 8]
            )
            answer_at = moment_on(calendar.add_working_days(appeal.registered_on, delay), rng)
            answer_at = max(answer_at, last_moment + dt.timedelta(minutes=5))
            if answer_at < now:
                _ladder(context, appeal, events, until=answer_at)
                appeal.answered_at, appeal.answered_on = answer_at, local_date(answer_at)
                move(
                    AppealStatus.ANSWERED,
                    EventKind.ANSWERED,
                    answer_at,
                    handler,
                    data={"on_time": appeal.answered_on <= appeal.due_on},
                )
                context.counts["answered"] += 1
                rated = moment_on(calendar.add_working_days(appeal.answered_on, 2), rng)
                if rng.random() < 0.5 and rated < now:
                    appeal.rating, appeal.rating_resolved = (
                        rng.choices(_RATINGS, cum_weights=_RATING_CUM_WEIGHTS)[0],
                        rng.random() < 0.7,
                    )
                    appeal.rated_at = appeal.closed_at = rated
                    events.append((EventKind.RATED, rated, citizen, {"data": {"rating": appeal.rating}}))
                    move(AppealStatus.CLOSED, EventKind.CLOSED, rated, citizen)
        if appeal.status in CLOCK_RUNNING:
            _ladder(context, appeal, events, until=now)
    schedule_next_action(appeal, calendar)
    writer = context.writer
    appeal_id = writer.add(
        Appeal,
        **{name: value for name, value in appeal.__dict__.items() if name in _COPIED_FIELDS},
        tracking_number=_tracking(context, appeal.registered_on.year),
        subject=SUBJECTS[AppealType(appeal_type)],
        text="This appeal is part of the demo data set.",
        redirected_from_id=redirected_from,
        created_at=submitted,
        updated_at=max(e[1] for e in events),
    )
    for kind, at, actor, extra in events:
        if kind == EventKind.ANSWERED:
            writer.add(
                Answer,
                appeal_id=appeal_id,
                author_id=actor.pk if actor else None,
                text="Thank you. The matter has been resolved.",
                sent_at=at,
            )
        if kind == "escalation":
            writer.add(
                Escalation, appeal_id=appeal_id, level=extra["level"], to_agency_id=extra["to"], created_at=at
            )
            continue
        _event(context, appeal_id, kind, at, actor, **extra)
    context.counts["appeals"] += 1
    context.rollups.add(contribution_of(appeal), +1)
    if successor is not None:
        when, target = successor
        _bulk_appeal(
            context,
            submitted=submitted,
            agency=target,
            region=region,
            appeal_type=appeal_type,
            citizen=citizen,
            redirected_from=appeal_id,
            registered_moment=when,
        )


def _ladder(context: _BulkContext, appeal: Appeal, events: list[Any], *, until: dt.datetime) -> None:
    """The sweep's steps that fell due before `until`: reminder, level 1 at the due date, level 2."""
    calendar = context.calendar
    while True:
        schedule_next_action(appeal, calendar)
        if appeal.next_action_at is None or appeal.next_action_at > until:
            return
        at = appeal.next_action_at
        if appeal.next_action == NextAction.REMINDER:
            appeal.reminder_sent_at = at
            events.append((EventKind.REMINDER, at, None, {"internal": True}))
        elif appeal.next_action == NextAction.ESCALATE_1:
            escalate_to_head(appeal)
            events.append((EventKind.OVERDUE, at, None, {"data": {"due_on": appeal.due_on.isoformat()}}))
            events.append((EventKind.ESCALATED, at, None, {"data": {"level": 1}}))
            events.append(("escalation", at, None, {"level": 1, "to": appeal.agency_id}))
            context.counts["escalated"] += 1
        else:
            body = oversight_body(appeal.agency, context.national)
            escalate_to_oversight(appeal, body)
            events.append((EventKind.ESCALATED, at, None, {"data": {"level": 2}}))
            if body is not None:
                events.append(("escalation", at, None, {"level": 2, "to": body.pk}))


def _add_to_rollups(delta: Delta, calendar: WorkingCalendar) -> None:
    """`rollup.apply_delta` for a delta of a million appeals: the same rows, added set-based
    (COPY and one upsert per table; see `appeals.bulk.add_to_rows`)."""
    cells = [(*key, *counts) for key, counts in delta.nonzero_cells()]
    add_to_rows(AppealDayStats, keys=KEY_FIELDS, counters=COUNTERS, rows=cells)
    add_to_rows(AppealMonthStats, keys=KEY_FIELDS, counters=COUNTERS, rows=by_month(cells, len(KEY_FIELDS)))
    by_days = response_rows(delta.nonzero_responses(), calendar)
    response_keys = (*KEY_FIELDS, "working_days")
    response_days = [(*row, count) for row, count in sorted(by_days.items()) if count]
    add_to_rows(AppealResponseDays, keys=response_keys, counters=("count",), rows=response_days)
    add_to_rows(
        AppealMonthResponseDays,
        keys=response_keys,
        counters=("count",),
        rows=by_month(response_days, len(response_keys)),
    )
    # A bulk load, like rebuild_stats: published at once, not after STATS_PUBLISH_SECONDS.
    bump_version_on_commit(publish=True)


def seed_bulk(
    *, appeals: int, seed: int = 1, progress: Callable[[int, int], None] | None = None
) -> tuple[list[DemoAccount], Counter[str]]:
    """`appeals` filed appeals (redirects add their copies) written in bulk, then their
    statistics added in one statement per rollup table."""

    rng = random.Random(seed)
    accounts = ensure_demo_accounts(rng)
    citizens = demo_citizens(rng, 25)
    agencies = list(
        Agency.objects.active().exclude(kind=Agency.Kind.OVERSIGHT).select_related("region", "parent")
    )
    context = _BulkContext(
        rng=rng,
        now=timezone.now(),
        calendar=WorkingCalendar.load(),
        writer=_Writer([Appeal, AppealEvent, Answer, Escalation]),
        agencies=agencies,
        agency_cum_weights=list(accumulate(agency_weights(agencies))),
        regions=list(Region.objects.all()),
        citizens=citizens,
        handlers={
            o.agency_id: o for o in Official.objects.filter(role=Official.Role.OFFICER).select_related("user")
        },
        heads={
            o.agency_id: o for o in Official.objects.filter(role=Official.Role.HEAD).select_related("user")
        },
        admin=User.objects.get(email=f"admin@{DEMO_DOMAIN}"),
        policies={t: policy_for(t) for t in AppealType.values},
        national=national_oversight(),
        tracking=last_tracking_numbers(),
        counts=Counter(),
        rollups=Delta.empty(),
    )
    types = list(TYPE_WEIGHTS)
    type_cum_weights = list(accumulate(TYPE_WEIGHTS[t] for t in types))
    today = local_date(context.now)
    # Seasonal: a winter peak (heating) over a year and a half of history.
    day_weights = [
        1.0 + 0.6 * math.cos((d.timetuple().tm_yday - 20) / 365 * 2 * math.pi)
        for d in (today - dt.timedelta(days=back) for back in range(540))
    ]
    day_cum_weights = list(accumulate(day_weights))
    with transaction.atomic():
        for index in range(appeals):
            back = rng.choices(range(540), cum_weights=day_cum_weights)[0]
            submitted = moment_on(today - dt.timedelta(days=back), rng) - dt.timedelta(
                hours=rng.randrange(2) * 14
            )
            if submitted >= context.now:
                submitted = context.now - dt.timedelta(hours=1)
            agency = rng.choices(agencies, cum_weights=context.agency_cum_weights)[0]
            _bulk_appeal(
                context,
                submitted=submitted,
                agency=agency,
                region=agency.region or rng.choice(context.regions),
                appeal_type=rng.choices(types, cum_weights=type_cum_weights)[0],
                citizen=rng.choice(citizens),
            )
            if (index + 1) % BULK_CHUNK == 0:
                context.writer.flush()
                if progress:
                    progress(index + 1, appeals)
        context.writer.finish()
        for year, last in context.tracking.items():
            set_last_tracking_number(year, last)
        # What the new appeals add to the statistics, summed as they were made (the same
        # `contribution_of` as every other write): no second pass over a million rows.
        _add_to_rollups(context.rollups, context.calendar)
    if progress:
        progress(appeals, appeals)
    return accounts, context.counts
