"""A small, deterministic demo history built through the real services at past dates.

Agencies are skewed in size (a few ministries and big-city akimats get most appeals), months
are seasonal, and each appeal gets a fate: answered on time or late, redirected, clarified,
extended, rated, withdrawn, rejected, or still open somewhere on its clock.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import JSONField, Max
from django.utils import timezone

from appeals.bulk import insert_rows
from appeals.calendar import WorkingCalendar, local_date, start_of_day
from appeals.deadlines import apply_policy, policy_for, register, schedule_next_action
from appeals.errors import AppealError
from appeals.models import (
    Answer,
    Appeal,
    AppealEvent,
    AppealStatus,
    AppealType,
    DeadlinePolicy,
    Escalation,
    EventKind,
    TrackingCounter,
)
from appeals.models.appeal import CLOCK_RUNNING, NextAction
from appeals.services import (
    appeal_answer,
    appeal_assign,
    appeal_clarify,
    appeal_extend,
    appeal_file,
    appeal_rate,
    appeal_redirect,
    appeal_reject,
    appeal_request_clarification,
    appeal_withdraw,
)
from appeals.sweep import oversight_body, run_sweep
from appeals.tracking import format_tracking_number
from officials.models import Agency, Official, Region
from portal.accounts.iin import iin_check_digit
from portal.accounts.models import CitizenProfile, User

DEMO_PASSWORD = "dialog-demo-2026"  # noqa: S105  (printed for the demo; never in production)
DEMO_DOMAIN = "demo.dialog.kz"

SUBJECTS = {
    AppealType.APPLICATION: "Request for a certificate of residence",
    AppealType.REPORT: "Broken street lights on our street",
    AppealType.COMPLAINT: "No answer from the district housing office",
    AppealType.PROPOSAL: "Proposal to add a bus stop near the school",
    AppealType.FEEDBACK: "Thank you for repairing the playground",
    AppealType.INQUIRY: "When will the new clinic open?",
}
TYPE_WEIGHTS = {
    AppealType.APPLICATION: 30,
    AppealType.REPORT: 15,
    AppealType.COMPLAINT: 25,
    AppealType.PROPOSAL: 10,
    AppealType.FEEDBACK: 5,
    AppealType.INQUIRY: 15,
}
# Officials of these agencies get demo accounts (and the big share of appeals).
DEMO_AGENCIES = ("ministry-of-health", "akimat-kz-75", "akimat-kz-71", "ministry-of-education")


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    agency: str = ""


def make_iin(rng: random.Random, birth: dt.date) -> str:
    while True:
        century_digit = (3 if birth.year < 2000 else 5) + rng.randrange(2)
        first = f"{birth:%y%m%d}{century_digit}{rng.randrange(10_000):04d}"
        check = iin_check_digit(first)
        if check is not None:
            return f"{first}{check}"


def _user(email: str, name: str, **extra: object) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name, **extra)
    return user


def _confirm_email(user: User) -> None:
    """Demo citizens file appeals, which takes a confirmed e-mail address."""
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])


def ensure_demo_accounts(rng: random.Random) -> list[DemoAccount]:
    accounts = [DemoAccount(f"admin@{DEMO_DOMAIN}", "superuser")]
    _user(accounts[0].email, "Demo Administrator", is_staff=True, is_superuser=True, preferred_language="ru")
    citizen = _user(f"citizen@{DEMO_DOMAIN}", "Aigerim Demo-Citizen", preferred_language="kk")
    _confirm_email(citizen)
    CitizenProfile.objects.get_or_create(
        user=citizen,
        defaults={"iin": make_iin(rng, dt.date(1990, 5, 17)), "postal_address": "Abai Ave 1, Almaty"},
    )
    accounts.append(DemoAccount(citizen.email, "citizen"))
    for slug in DEMO_AGENCIES:
        agency = Agency.objects.get(slug=slug)
        for role in (Official.Role.OFFICER, Official.Role.HEAD):
            email = f"{role}.{slug}@{DEMO_DOMAIN}"
            user = _user(email, f"Demo {role.title()} ({slug})", is_staff=True, preferred_language="ru")
            Official.objects.get_or_create(user=user, defaults={"agency": agency, "role": role})
            accounts.append(DemoAccount(email, role, slug))
    overseer = _user(f"oversight@{DEMO_DOMAIN}", "Demo Prosecutor", is_staff=True, preferred_language="ru")
    Official.objects.get_or_create(
        user=overseer,
        defaults={"agency": Agency.objects.get(slug="prosecutor-general"), "role": Official.Role.OVERSIGHT},
    )
    accounts.append(DemoAccount(overseer.email, Official.Role.OVERSIGHT, "prosecutor-general"))
    return accounts


def _citizens(rng: random.Random, count: int) -> list[User]:
    """Generic demo citizens, plus the demo login's citizen several times over, so that whoever
    signs in as citizen@ sees a handful of appeals at every stage."""
    citizens = [User.objects.get(email=f"citizen@{DEMO_DOMAIN}")] * max(1, count // 8)
    for number in range(1, count + 1):
        user = _user(
            f"citizen{number:03d}@{DEMO_DOMAIN}",
            f"Demo Citizen {number:03d}",
            preferred_language=rng.choice(["kk", "ru", "en"]),
        )
        _confirm_email(user)
        CitizenProfile.objects.get_or_create(
            user=user,
            defaults={
                "iin": make_iin(
                    rng, dt.date(1950 + rng.randrange(50), 1 + rng.randrange(12), 1 + rng.randrange(28))
                ),
                "postal_address": f"Demo street {number}, Kazakhstan",
            },
        )
        citizens.append(user)
    return citizens


def _moment_on(day: dt.date, rng: random.Random) -> dt.datetime:
    return start_of_day(day) + dt.timedelta(hours=9 + rng.randrange(8), minutes=rng.randrange(60))


def seed_demo(
    *, appeals: int, seed: int = 1, progress: Callable[[int, int], None] | None = None
) -> list[DemoAccount]:
    rng = random.Random(seed)
    accounts = ensure_demo_accounts(rng)
    citizens = _citizens(rng, 25)
    agencies = list(Agency.objects.active().exclude(kind=Agency.Kind.OVERSIGHT).select_related("region"))
    weights = [
        30 if a.slug in DEMO_AGENCIES else (4 if a.kind in ("ministry", "akimat_city") else 1)
        for a in agencies
    ]
    regions = list(Region.objects.all())
    handlers = {
        o.agency_id: o
        for o in Official.objects.filter(role=Official.Role.OFFICER).select_related("user", "agency")
    }
    heads = {o.agency_id: o for o in Official.objects.filter(role=Official.Role.HEAD).select_related("user")}
    admin = User.objects.get(email=f"admin@{DEMO_DOMAIN}")
    calendar = WorkingCalendar.load()
    now = timezone.now()
    types = list(TYPE_WEIGHTS)
    for index in range(appeals):
        # Seasonal: more appeals in winter (heating) and spring; the last 8 months.
        days_ago = int(abs(rng.gauss(0, 90))) % 240
        submitted = _moment_on(local_date(now) - dt.timedelta(days=days_ago), rng)
        agency = rng.choices(agencies, weights)[0]
        appeal_type = rng.choices(types, [TYPE_WEIGHTS[t] for t in types])[0]
        try:
            with transaction.atomic():
                appeal = appeal_file(
                    actor=rng.choice(citizens),
                    appeal_type=appeal_type,
                    agency=agency,
                    region=agency.region or rng.choice(regions),
                    subject=SUBJECTS[AppealType(appeal_type)],
                    text="This appeal is part of the demo data set. " * rng.randint(1, 5),
                    now=submitted,
                )
                _live(
                    appeal, rng, now, calendar, handlers.get(agency.pk), heads.get(agency.pk), admin, agencies
                )
        except AppealError:
            pass  # a fate that the rules refuse (e.g. an extension past the cap) is simply skipped
        if progress:
            progress(index + 1, appeals)
    run_sweep(now=now)
    return accounts


def _live(
    appeal: Appeal,
    rng: random.Random,
    now: dt.datetime,
    calendar: WorkingCalendar,
    officer: Official | None,
    head: Official | None,
    admin: User,
    agencies: list[Agency],
) -> None:
    """Give one appeal a plausible fate, each step at its own past moment (never in the future)."""

    def day(working_days: int, start: dt.date | None = None) -> dt.datetime | None:
        moment = _moment_on(calendar.add_working_days(start or appeal.registered_on, working_days), rng)
        return moment if moment < now else None

    handler = officer.user if officer else admin
    fate = rng.random()
    if fate < 0.08 and (when := day(rng.randint(1, 6))):
        target = rng.choice([a for a in agencies if a.pk != appeal.agency_id])
        appeal_redirect(
            actor=handler, appeal=appeal, to_agency=target, reason="Outside our competence.", now=when
        )
        return
    if officer and (when := day(1)):
        appeal = appeal_assign(actor=handler, appeal=appeal, assignee=officer, now=when)
    if fate < 0.13 and (when := day(2)):
        appeal = appeal_request_clarification(
            actor=handler, appeal=appeal, question="Please give the address.", now=when
        )
        if (later := day(rng.randint(1, 6), local_date(when))) is None:
            return
        appeal = appeal_clarify(
            actor=appeal.citizen, appeal=appeal, text="The address is Abai Ave 10.", now=later
        )
    elif fate < 0.16 and head and (when := day(5)):
        until = calendar.working_day_on_or_after(appeal.due_on + dt.timedelta(days=14))
        appeal = appeal_extend(
            actor=head.user, appeal=appeal, until=until, reason="An inspection is needed.", now=when
        )
    elif fate < 0.19 and (when := day(3)):
        appeal_withdraw(actor=appeal.citizen, appeal=appeal, now=when)
        return
    elif fate < 0.21 and (when := day(2)):
        appeal_reject(actor=handler, appeal=appeal, reason="duplicate", now=when)
        return
    if rng.random() < 0.78:
        # Most answers come in time; some days after the due date.
        delay = rng.choice([3, 6, 9, 12, 14, appeal.term_days, appeal.term_days + 3, appeal.term_days + 8])
        when = day(min(delay, 60))
        if when is None or appeal.status not in (AppealStatus.REGISTERED, AppealStatus.ASSIGNED):
            return
        appeal_answer(actor=handler, appeal=appeal, text="Thank you. The matter has been resolved.", now=when)
        if rng.random() < 0.5 and (rated := day(2, local_date(when))):
            appeal_rate(
                actor=appeal.citizen,
                appeal=appeal,
                rating=rng.randint(1, 5),
                resolved=rng.random() < 0.7,
                now=rated,
            )


# --- The bulk path: a million appeals in minutes --------------------------------------------------
# The same rules as the services (registration, terms, the escalation ladder, redirects with a
# fresh registration, clarification pauses, extensions, ratings), worked out in Python and written
# with COPY (PostgreSQL) or batched INSERTs, then the statistics rebuilt from the appeals.
# Past notifications are not written: the outbox would mail them all.

BULK_CHUNK = 20_000


class _Writer:
    """Rows for several tables, flushed in chunks."""

    def __init__(self, models: list[type[Any]]) -> None:
        self.columns = {m: [f for f in m._meta.concrete_fields] for m in models}
        self.defaults = {
            m: {f.attname: (f.get_default() if f.has_default() else None) for f in self.columns[m]}
            for m in models
        }
        self.rows: dict[type[Any], list[tuple[Any, ...]]] = {m: [] for m in models}
        self.next_id = {m: (m.objects.aggregate(top=Max("id"))["top"] or 0) + 1 for m in models}

    def add(self, model: type[Any], **values: Any) -> int:
        pk = self.next_id[model]
        self.next_id[model] += 1
        merged = {**self.defaults[model], **values, "id": pk}
        self.rows[model].append(tuple(_db_value(f, merged[f.attname]) for f in self.columns[model]))
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


def _db_value(field: Any, value: Any) -> Any:
    if isinstance(field, JSONField):
        return json.dumps(value if value is not None else {})
    return value


@dataclass
class _BulkContext:
    rng: random.Random
    now: dt.datetime
    calendar: WorkingCalendar
    writer: _Writer
    agencies: list[Agency]
    weights: list[int]
    regions: list[Region]
    citizens: list[User]
    handlers: dict[int, Official]
    heads: dict[int, Official]
    admin: User
    policies: dict[str, DeadlinePolicy]
    national: Agency | None
    tracking: dict[int, int]
    counts: Counter[str]


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
    appeal = Appeal(
        appeal_type=appeal_type,
        channel=rng.choices(["web", "api", "blog"], [85, 10, 5])[0],
        citizen=citizen,
        agency=agency,
        region=region,
        status=AppealStatus.REGISTERED,
        submitted_at=submitted,
        registered_at=registration.registered_at,
        registered_on=registration.registered_on,
        due_on=registration.due_on,
        original_due_on=registration.due_on,
        extension_limit_on=registration.extension_limit_on,
    )
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
        at = _moment_on(day, rng)
        return at if at < now else None

    def move(to: str, kind: str, at: dt.datetime, actor: User | None, **extra: Any) -> None:
        events.append((kind, at, actor, {"from_status": appeal.status, "to_status": to, **extra}))
        appeal.status = to

    fate = rng.random()
    successor: tuple[dt.datetime, Agency] | None = None
    last_moment = registration.registered_at
    if fate < 0.07 and not redirected_from and (when := moment(rng.randint(1, 5))):
        target = rng.choices(context.agencies, context.weights)[0]
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
            back = _moment_on(calendar.add_working_days(appeal.paused_on, rng.randint(1, 6)), rng)
            if back < now:
                paused = calendar.working_days_between(appeal.paused_on, local_date(back))
                appeal.due_on = calendar.add_working_days(appeal.due_on, paused)
                appeal.paused_on = None
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
            if until <= appeal.extension_limit_on:
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
            answer_at = _moment_on(calendar.add_working_days(appeal.registered_on, delay), rng)
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
                rated = _moment_on(calendar.add_working_days(appeal.answered_on, 2), rng)
                if rng.random() < 0.5 and rated < now:
                    appeal.rating, appeal.rating_resolved = (
                        rng.choices([1, 2, 3, 4, 5], [15, 10, 20, 30, 25])[0],
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
        **{
            f.attname: getattr(appeal, f.attname)
            for f in Appeal._meta.concrete_fields
            if f.attname
            not in (
                "id",
                "created_at",
                "updated_at",
                "tracking_number",
                "subject",
                "text",
                "redirected_from_id",
            )
        },
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
            appeal.overdue_since, appeal.escalation_level = appeal.due_at, 1
            events.append((EventKind.OVERDUE, at, None, {"data": {"due_on": appeal.due_on.isoformat()}}))
            events.append((EventKind.ESCALATED, at, None, {"data": {"level": 1}}))
            events.append(("escalation", at, None, {"level": 1, "to": appeal.agency_id}))
            context.counts["escalated"] += 1
        else:
            body = oversight_body(appeal.agency, context.national)
            appeal.escalation_level = 2
            appeal.escalated_to = body
            events.append((EventKind.ESCALATED, at, None, {"data": {"level": 2}}))
            if body is not None:
                events.append(("escalation", at, None, {"level": 2, "to": body.pk}))


def seed_bulk(
    *, appeals: int, seed: int = 1, progress: Callable[[int, int], None] | None = None
) -> tuple[list[DemoAccount], Counter[str]]:
    """`appeals` filed appeals (redirects add their copies) written in bulk, then the rollups rebuilt."""
    from appeals.stats.rollups.rebuild import rebuild_rollups

    rng = random.Random(seed)
    accounts = ensure_demo_accounts(rng)
    citizens = _citizens(rng, 25)
    agencies = list(
        Agency.objects.active().exclude(kind=Agency.Kind.OVERSIGHT).select_related("region", "parent")
    )
    context = _BulkContext(
        rng=rng,
        now=timezone.now(),
        calendar=WorkingCalendar.load(),
        writer=_Writer([Appeal, AppealEvent, Answer, Escalation]),
        agencies=agencies,
        weights=[
            30 if a.slug in DEMO_AGENCIES else (4 if a.kind in ("ministry", "akimat_city") else 1)
            for a in agencies
        ],
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
        national=Agency.objects.filter(slug=settings.DIALOG_NATIONAL_OVERSIGHT_SLUG).first(),
        tracking=dict(TrackingCounter.objects.values_list("year", "last_number")),
        counts=Counter(),
    )
    types = list(TYPE_WEIGHTS)
    type_weights = [TYPE_WEIGHTS[t] for t in types]
    today = local_date(context.now)
    # Seasonal: a winter peak (heating) over a year and a half of history.
    day_weights = [
        1.0 + 0.6 * math.cos((d.timetuple().tm_yday - 20) / 365 * 2 * math.pi)
        for d in (today - dt.timedelta(days=back) for back in range(540))
    ]
    with transaction.atomic():
        for index in range(appeals):
            back = rng.choices(range(540), day_weights)[0]
            submitted = _moment_on(today - dt.timedelta(days=back), rng) - dt.timedelta(
                hours=rng.randrange(2) * 14
            )
            if submitted >= context.now:
                submitted = context.now - dt.timedelta(hours=1)
            agency = rng.choices(agencies, context.weights)[0]
            _bulk_appeal(
                context,
                submitted=submitted,
                agency=agency,
                region=agency.region or rng.choice(context.regions),
                appeal_type=rng.choices(types, type_weights)[0],
                citizen=rng.choice(citizens),
            )
            if (index + 1) % BULK_CHUNK == 0:
                context.writer.flush()
                if progress:
                    progress(index + 1, appeals)
        context.writer.finish()
        for year, last in context.tracking.items():
            TrackingCounter.objects.update_or_create(year=year, defaults={"last_number": last})
        rebuild_rollups()
    if progress:
        progress(appeals, appeals)
    return accounts, context.counts
