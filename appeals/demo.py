"""A small, deterministic demo history built through the real services at past dates.

Agencies are skewed in size (a few ministries and big-city akimats get most appeals), months
are seasonal, and each appeal gets a fate: answered on time or late, redirected, clarified,
extended, rated, withdrawn, rejected, or still open somewhere on its clock.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from appeals.calendar import WorkingCalendar, local_date, start_of_day
from appeals.errors import AppealError
from appeals.models import Appeal, AppealStatus, AppealType
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
from appeals.sweep import run_sweep
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


def ensure_demo_accounts(rng: random.Random) -> list[DemoAccount]:
    accounts = [DemoAccount(f"admin@{DEMO_DOMAIN}", "superuser")]
    _user(accounts[0].email, "Demo Administrator", is_staff=True, is_superuser=True, preferred_language="ru")
    citizen = _user(f"citizen@{DEMO_DOMAIN}", "Aigerim Demo-Citizen", preferred_language="kk")
    citizen.email_verified_at = citizen.email_verified_at or timezone.now()
    citizen.save(update_fields=["email_verified_at"])
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
    citizens = []
    for number in range(1, count + 1):
        user = _user(
            f"citizen{number:03d}@{DEMO_DOMAIN}",
            f"Demo Citizen {number:03d}",
            preferred_language=rng.choice(["kk", "ru", "en"]),
        )
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
                    subject=SUBJECTS[appeal_type],
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
