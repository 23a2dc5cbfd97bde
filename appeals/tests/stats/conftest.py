"""A hand-built history whose every figure is known (worked out by hand in the comments)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from appeals.models import Appeal
from appeals.services import (
    appeal_answer,
    appeal_extend,
    appeal_file,
    appeal_rate,
    appeal_redirect,
    appeal_reject,
    appeal_withdraw,
)
from appeals.sweep import run_sweep
from conftest import almaty_time
from officials.models import Agency, Official, Region


@dataclass
class History:
    health: Agency
    akimat: Agency
    education: Agency
    late: list[Appeal]


@pytest.fixture
def history(make_citizen, make_official) -> History:
    """Ministry of Health, Almaty city (KZ-75), applications filed Tuesday 14 April 2026 (due
    Wednesday 6 May: 15 working days; 1 May is a holiday, 7 and 8 May are days off):

    A1 answered 20 Apr (4 working days), rated 4        received, answered, on time
    A2 answered 12 May (17 working days), swept 8 May   received, answered, late, overdue, escalated
    A3 extended to 20 May, answered 14 May (19 days)     received, answered, on time
    A4 never answered, swept 8 May                       received, overdue, escalated, open
    A5 redirected to the Almaty akimat on 16 Apr         redirected (its copy is received by the akimat)
    A6 withdrawn 15 Apr                                  nothing
    A7 rejected 15 Apr                                   received
    A8 a blog question filed 00:30 on 21 Apr (Almaty; 20 Apr in UTC), open   received, open

    Ministry of Education: B1 answered 12 May, late (the all-late agency).
    """
    citizen = make_citizen()
    health = Agency.objects.get(slug="ministry-of-health")
    akimat = Agency.objects.get(slug="akimat-kz-75")
    education = Agency.objects.get(slug="ministry-of-education")
    almaty = Region.objects.get(code="KZ-75")
    officer = make_official(health).user
    head = make_official(health, Official.Role.HEAD).user
    teacher = make_official(education).user

    filed = almaty_time(2026, 4, 14, 10)

    def file(agency: Agency = health, when: dt.datetime = filed, **extra) -> Appeal:
        return appeal_file(
            actor=citizen,
            appeal_type=extra.pop("appeal_type", "application"),
            agency=agency,
            region=extra.pop("region", almaty),
            subject="Clinic",
            text="Queue.",
            now=when,
            **extra,
        )

    a1, a2, a3, a4, a5, a6, a7 = (file() for _ in range(7))
    b1 = file(education)
    appeal_withdraw(actor=citizen, appeal=a6, now=almaty_time(2026, 4, 15, 9))
    appeal_reject(actor=officer, appeal=a7, reason="duplicate", now=almaty_time(2026, 4, 15, 10))
    appeal_redirect(
        actor=officer, appeal=a5, to_agency=akimat, reason="Local.", now=almaty_time(2026, 4, 16, 10)
    )
    appeal_answer(actor=officer, appeal=a1, text="Done.", now=almaty_time(2026, 4, 20, 15))
    appeal_rate(actor=citizen, appeal=a1, rating=4, resolved=True, now=almaty_time(2026, 4, 21, 8))
    file(when=almaty_time(2026, 4, 21, 0, 30), channel="blog")
    appeal_extend(
        actor=head,
        appeal=a3,
        until=dt.date(2026, 5, 20),
        reason="Inspection.",
        now=almaty_time(2026, 4, 22, 10),
    )
    run_sweep(now=almaty_time(2026, 5, 8, 12))
    appeal_answer(actor=officer, appeal=a2, text="Late.", now=almaty_time(2026, 5, 12, 10))
    appeal_answer(actor=teacher, appeal=b1, text="Late.", now=almaty_time(2026, 5, 12, 11))
    appeal_answer(actor=officer, appeal=a3, text="Extended.", now=almaty_time(2026, 5, 14, 10))
    return History(health=health, akimat=akimat, education=education, late=[a2, a4])


@pytest.fixture(autouse=True)
def _fresh_stats_cache():
    """Cached statistics live in Redis, outside the test's rolled-back transaction; the published
    version a process remembers goes with them."""
    from django.core.cache import cache

    from appeals.stats.rollups.version import forget_version

    cache.clear()
    forget_version()
    yield
    cache.clear()
    forget_version()
