"""Data for benchmarks: many appeals written in bulk, bypassing the services (which would take
hours for 100 000), in exactly the state the services leave them in."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from appeals.bulk import update_fields_in_bulk
from appeals.calendar import WorkingCalendar, end_of_day, local_date, start_of_day
from appeals.deadlines import apply_policy, default_policy, register, schedule_next_action
from appeals.models import Appeal
from appeals.sweep import UPDATED_FIELDS
from officials.models import Agency, Official, Region
from portal.accounts.models import User

CHUNK = 5_000


def _bench_people() -> tuple[User, list[Agency]]:
    citizen, _ = User.objects.get_or_create(
        email="bench-citizen@bench.dialog.kz", defaults={"full_name": "Bench"}
    )
    agencies = list(
        Agency.objects.filter(kind__in=["ministry", "akimat_region", "akimat_city"]).order_by("slug")
    )
    for agency in agencies:
        user, _ = User.objects.get_or_create(
            email=f"head@{agency.slug}.bench.dialog.kz", defaults={"is_staff": True}
        )
        Official.objects.get_or_create(user=user, defaults={"agency": agency, "role": Official.Role.HEAD})
    return citizen, agencies


def create_due_appeals(due: int, *, open_not_due: int = 0) -> dt.datetime:
    """`due` appeals whose term ended yesterday (level 1 due now) and `open_not_due` registered
    today; returns the moment to sweep at."""
    citizen, agencies = _bench_people()
    region = Region.objects.get(code="KZ-75")
    calendar = WorkingCalendar.load()
    policy = default_policy("application")
    now = timezone.now()
    today = calendar.working_day_on_or_after(local_date(now))
    # Registered so that the term ends today: level 1 falls due at the end of today, for all.
    due_registration = calendar.subtract_working_days(today, policy.answer_days)
    rows: list[Appeal] = []
    serial = 0

    def make(registered_on: dt.date, reminded: bool) -> Appeal:
        nonlocal serial
        serial += 1
        submitted = start_of_day(registered_on) + dt.timedelta(hours=10)
        registration = register(submitted_at=submitted, policy=policy, calendar=calendar)
        appeal = Appeal(
            tracking_number=f"BEN-{registration.registered_on.year}-{serial:07d}",
            appeal_type="application",
            citizen=citizen,
            agency=agencies[serial % len(agencies)],
            region=region,
            subject="Benchmark",
            text="Benchmark appeal.",
            submitted_at=submitted,
            **registration.appeal_fields(),
            reminder_sent_at=submitted if reminded else None,
        )
        apply_policy(appeal, policy)
        schedule_next_action(appeal, calendar)
        return appeal

    with transaction.atomic():
        for index in range(due + open_not_due):
            rows.append(make(due_registration, True) if index < due else make(today, False))
            if len(rows) == CHUNK:
                Appeal.objects.bulk_create(rows)
                rows = []
        Appeal.objects.bulk_create(rows)
    return end_of_day(today) + dt.timedelta(minutes=1)


def lower_bound_claim_and_update(*, now: dt.datetime, batch: int) -> None:
    """What any sweep must at least do: claim the due rows batch by batch (SKIP LOCKED) and write
    back the columns the sweep changes — no ladder, no events, no outbox."""

    while True:
        with transaction.atomic():  # one transaction per batch, as the sweep commits them
            if not _claim_and_write_back(now=now, batch=batch):
                return


def _claim_and_write_back(*, now: dt.datetime, batch: int) -> bool:

    claimed = list(
        Appeal.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(next_action_at__lte=now)
        .order_by("next_action_at", "id")[:batch]
    )
    if not claimed:
        return False
    for appeal in claimed:
        appeal.overdue_since = now
        appeal.escalation_level = 1
        appeal.next_action, appeal.next_action_at = "", None
        appeal.updated_at = now
    update_fields_in_bulk(claimed, UPDATED_FIELDS)
    return True


def wipe_appeals() -> None:
    """Remove the benchmark's rows (TRUNCATE: the benchmark database is its own)."""
    tables = [
        "appeals_notification",
        "appeals_escalation",
        "appeals_appealevent",
        "appeals_attachment",
        "appeals_answer",
        "appeals_appeal",
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
