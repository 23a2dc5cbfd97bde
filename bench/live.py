"""The live session's answers fragment under load (issue 18): 170 000 viewers poll it, so it is
served from the cache, the same bytes for everybody; measured with wrk against the bare view of
the same server. A session that is live, with 30 answers published, is made through the real
services first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bench import load, server
from bench.report import Row

ANSWERS = 30
AGENCY = "ministry-of-health"


def live_session_path() -> str:
    """A live session of the demo head with `ANSWERS` answered questions; its fragment's path."""
    from django.utils import timezone

    from appeals.demo import DEMO_DOMAIN
    from blogs.live.services import (
        live_question_answer,
        live_question_approve,
        live_question_ask,
        live_session_schedule,
        live_session_start,
    )
    from officials.models import Official, Region
    from portal.accounts.models import User

    head = Official.objects.select_related("agency", "user").get(
        agency__slug=AGENCY, role="head", is_active=True
    )
    citizen = User.objects.get(email=f"citizen@{DEMO_DOMAIN}")
    region = Region.objects.get(code="KZ-75")
    start = timezone.now() - dt.timedelta(minutes=30)
    session = live_session_schedule(
        actor=head.user,
        agency=head.agency,
        topic="Benchmark live session",
        host_name="Benchmark head",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    live_session_start(actor=head.user, session=session)
    for number in range(ANSWERS):
        question = live_question_ask(
            actor=citizen,
            session=session,
            text=f"Benchmark question {number}: when will the clinic on street {number} reopen?",
            region=region,
            language="en",
        )
        live_question_approve(actor=head.user, question=question)
        live_question_answer(
            actor=head.user, question=question, text=f"Clinic {number} reopens next month after repairs."
        )
    return f"/en/live/{session.pk}/answers/"


def rows(size: int, *, measure: Callable[[str, str], load.Load], bare: load.Load) -> list[Row]:
    path = live_session_path()
    fragment_bytes = len(server.get(path).body)  # fills the cache, as the first viewer does
    cached = measure("live fragment, cached", path)
    values = {f"live_{key}": value for key, value in cached.as_dict().items()}
    return [
        Row(
            size,
            f"live answers fragment, cached ({ANSWERS} answers, {fragment_bytes / 1024:,.0f} KB): throughput",
            f"{cached.requests_per_second:,.0f} req/s, {cached.errors} errors",
            f"bare view: {bare.requests_per_second:,.0f} req/s",
            cached.requests_per_second / bare.requests_per_second,
            "≥ 0.5x, 0 errors",
            limit=0.5,
            at_least=True,
            condition=cached.errors == 0,
            values=values,
        ),
        Row(
            size,
            "live answers fragment, cached: p99",
            f"p99 {cached.p99_ms:.1f} ms",
            f"bare view: p99 {bare.p99_ms:.1f} ms",
            cached.p99_ms / bare.p99_ms,
        ),
    ]
