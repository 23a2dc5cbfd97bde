"""A finished live session for `seed_demo`: questions asked, voted, merged, answered live, and
the unanswered ones filed as appeals by the real end-of-session sweep; plus one coming session.
All through the real services."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from appeals.demo import DEMO_DOMAIN
from appeals.demo.accounts import demo_citizens
from blogs.live.conversion import process_live_sessions
from blogs.live.models import LiveSession
from blogs.live.services import (
    live_question_answer,
    live_question_approve,
    live_question_ask,
    live_question_merge,
    live_question_vote,
    live_session_end,
    live_session_schedule,
    live_session_start,
)
from officials.models import Official, Region
from portal.accounts.models import User

AGENCY = "ministry-of-health"
TOPIC = "Queues in city clinics"
QUESTIONS = (
    ("Why does a specialist appointment take three weeks?", "We are hiring 120 specialists this year."),
    ("Will clinics open on Saturdays?", "From June, every city clinic opens on Saturdays."),
    ("Can I book a home visit online for my elderly mother?", None),
    ("Why is there no paediatrician in district clinic No. 7?", None),
    ("How long do specialist appointments take, three weeks?", "merge"),
)


def seed_demo_live(*, now: dt.datetime | None = None) -> int:
    """Once: the finished session and a coming one; returns how many sessions were created."""
    if LiveSession.objects.filter(topic=TOPIC, agency__slug=AGENCY).exists():
        return 0
    now = now or timezone.now()
    head = Official.objects.select_related("agency", "user").filter(agency__slug=AGENCY, role="head").first()
    officer = Official.objects.select_related("user").filter(agency__slug=AGENCY, role="officer").first()
    if head is None or officer is None:
        return 0
    citizens = [User.objects.get(email=f"citizen@{DEMO_DOMAIN}"), *demo_citizens(random.Random(11), 6)[-6:]]
    region = Region.objects.get(code="KZ-75")
    start = now - dt.timedelta(days=3)
    session = live_session_schedule(
        actor=head.user,
        agency=head.agency,
        topic=TOPIC,
        host_name=f"Demo head of {head.agency.name_en}",
        description="A demonstration session: the people and the questions are invented.",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        now=start - dt.timedelta(days=4),
    )
    asked = []
    for number, (text, _answer) in enumerate(QUESTIONS):
        moment = start - dt.timedelta(days=2, hours=-number)
        question = live_question_ask(
            actor=citizens[number], session=session, text=text, region=region, language="en", now=moment
        )
        asked.append(live_question_approve(actor=officer.user, question=question, now=moment))
    for question in asked[:4]:
        for voter in citizens:
            if voter.pk != question.author_id:
                live_question_vote(actor=voter, question=question, now=start - dt.timedelta(hours=2))
    live_question_merge(actor=officer.user, question=asked[4], into=asked[0], now=start)
    live_session_start(actor=head.user, session=session, now=start)
    for minutes, (question, (_text, answer)) in enumerate(zip(asked, QUESTIONS, strict=True)):
        if answer and answer != "merge":
            live_question_answer(
                actor=head.user,
                question=question,
                text=answer,
                now=start + dt.timedelta(minutes=10 + 15 * minutes),
            )
    live_session_end(actor=head.user, session=session, now=start + dt.timedelta(hours=1))
    process_live_sessions(now=start + dt.timedelta(hours=1, minutes=1))

    coming = now + dt.timedelta(days=7)
    live_session_schedule(
        actor=head.user,
        agency=head.agency,
        topic="Vaccination of children",
        host_name=f"Demo head of {head.agency.name_en}",
        starts_at=coming,
        ends_at=coming + dt.timedelta(hours=1),
        now=now,
    )
    return 2
