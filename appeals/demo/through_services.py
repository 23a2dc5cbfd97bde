"""A small, deterministic demo history built through the real services at past dates.

Agencies are skewed in size (a few ministries and big-city akimats get most appeals), months
are seasonal, and each appeal gets a fate: answered on time or late, redirected, clarified,
extended, rated, withdrawn, rejected, or still open somewhere on its clock.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from appeals.calendar import WorkingCalendar, local_date
from appeals.demo.accounts import DEMO_DOMAIN, DemoAccount, demo_citizens, ensure_demo_accounts
from appeals.demo.mix import SUBJECTS, TYPE_WEIGHTS, agency_weights, moment_on
from appeals.models import Appeal, AppealStatus, AppealType, RefusalGround
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
from appeals.services.publication import publication_approve, publication_refuse
from appeals.sweep import run_sweep
from officials.models import Agency, Official, Region
from portal.accounts.models import User
from portal.domain_errors import DomainError

# The share of demo citizens who choose to publish their appeal in the register.
PUBLISHED_SHARE = 0.3


def seed_demo(
    *, appeals: int, seed: int = 1, progress: Callable[[int, int], None] | None = None
) -> list[DemoAccount]:
    rng = random.Random(seed)
    # Publication draws come from their own generator, so the appeals' fates stay what they were
    # for a given seed.
    publishing = random.Random(seed * 7919 + 17)
    accounts = ensure_demo_accounts(rng)
    citizens = demo_citizens(rng, 25)
    agencies = list(Agency.objects.active().exclude(kind=Agency.Kind.OVERSIGHT).select_related("region"))
    weights = agency_weights(agencies)
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
        submitted = moment_on(local_date(now) - dt.timedelta(days=days_ago), rng)
        agency = rng.choices(agencies, weights)[0]
        appeal_type = rng.choices(types, [TYPE_WEIGHTS[t] for t in types])[0]
        publish = publishing.random() < PUBLISHED_SHARE
        try:
            with transaction.atomic():
                appeal = appeal_file(
                    actor=rng.choice(citizens),
                    appeal_type=appeal_type,
                    agency=agency,
                    region=agency.region or rng.choice(regions),
                    subject=SUBJECTS[AppealType(appeal_type)],
                    text="This appeal is part of the demo data set. " * rng.randint(1, 5),
                    publish=publish,
                    now=submitted,
                )
                if publish:
                    _moderate(appeal, publishing, now, calendar, handlers.get(agency.pk), admin)
                _live(
                    appeal, rng, now, calendar, handlers.get(agency.pk), heads.get(agency.pk), admin, agencies
                )
        except DomainError:
            pass  # a fate that the rules refuse (e.g. an extension past the cap) is simply skipped
        if progress:
            progress(index + 1, appeals)
    run_sweep(now=now)
    return accounts


def _moderate(
    appeal: Appeal,
    rng: random.Random,
    now: dt.datetime,
    calendar: WorkingCalendar,
    officer: Official | None,
    admin: User,
) -> None:
    """The agency decides on a citizen's wish to publish on the next working day: most are
    published, a few refused on a legal ground, and the newest still wait."""
    when = moment_on(calendar.add_working_days(appeal.registered_on, 1), rng)
    if when >= now:
        return
    moderator = officer.user if officer else admin
    if rng.random() < 0.1:
        publication_refuse(
            actor=moderator, publication=appeal.publication, ground=RefusalGround.THIRD_PARTIES, now=when
        )
    else:
        publication_approve(actor=moderator, publication=appeal.publication, now=when)


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
        moment = moment_on(calendar.add_working_days(start or appeal.registered_on, working_days), rng)
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
