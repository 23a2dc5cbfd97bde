"""Demo consultations for `seed_demo`, all through the real services: a closed one with votes
from a few dozen demo voters across regions, published comments and the agency's published
response (its obligation registered by the closing sweep), and an open one with live results
that the demo citizen can vote on."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from appeals.demo import DEMO_AGENCIES, DEMO_DOMAIN
from appeals.demo.accounts import demo_user
from blogs.consultations.models import Consultation, QuestionKind
from blogs.consultations.services import (
    consultation_comment,
    consultation_comment_approve,
    consultation_publish,
    consultation_question_save,
    consultation_respond,
    consultation_save,
    consultation_vote,
    consultations_close_due,
)
from officials.models import Agency, Official, Region
from portal.accounts.iin import make_iin
from portal.accounts.models import CitizenProfile, User

VOTERS = 36
REGIONS = ("KZ-75", "KZ-75", "KZ-71", "KZ-71", "KZ-79", "KZ-55")
CLOSED_TITLE = "Saturday opening of city clinics (demo)"
OPEN_TITLE = "Priorities of the regional health plan 2027 (demo)"
DRAFT = (
    "## Draft order on clinic opening hours\n\n"
    "1. City polyclinics open on **Saturdays from 9:00 to 14:00**.\n"
    "2. On Saturdays a general practitioner, the laboratory and the vaccination room work.\n"
    "3. The order takes effect on 1 June.\n\n"
    "*A demonstration draft: the order and the people who voted are invented.*"
)
RESPONSE = (
    "What we heard: 36 citizens voted and 3 comments were published. Most voters support Saturday "
    "opening; laboratory tests were named most often.\n\n"
    "What we changed: the laboratory now opens on Saturdays from 8:00, an hour earlier than in the "
    "draft, and the order takes effect on 1 May instead of 1 June."
)
COMMENTS = (
    "Please let the laboratory open earlier on Saturdays, people work on weekdays.",
    "Vaccination on Saturdays would help families with small children.",
    "Will there be enough doctors? Please publish the schedule for each clinic.",
)


def _voters(rng: random.Random) -> list[tuple[User, Region]]:
    regions = {r.code: r for r in Region.objects.filter(code__in=set(REGIONS))}
    voters = []
    for number in range(1, VOTERS + 1):
        email = f"voter{number:03d}@{DEMO_DOMAIN}"
        user = demo_user(email, f"Demo Voter {number:03d}", email_verified_at=timezone.now())
        birth = dt.date(1960 + rng.randrange(40), 1 + rng.randrange(12), 1 + rng.randrange(28))
        profile, _created = CitizenProfile.objects.get_or_create(
            user=user, defaults={"iin": make_iin(rng, birth), "postal_address": f"Demo street {number}"}
        )
        if profile.identity_verified_at is None:
            CitizenProfile.objects.filter(pk=profile.pk).update(identity_verified_at=timezone.now())
        voters.append((user, regions[REGIONS[number % len(REGIONS)]]))
    return voters


def _questions(head: Official, consultation: Consultation) -> None:
    consultation_question_save(
        actor=head.user,
        consultation=consultation,
        text="Do you support opening city clinics on Saturdays?",
        kind=QuestionKind.SINGLE,
        options=["Yes", "No", "I have no opinion"],
        position=1,
    )
    consultation_question_save(
        actor=head.user,
        consultation=consultation,
        text="Which services should work on Saturdays?",
        kind=QuestionKind.MULTIPLE,
        options=["General practitioner", "Laboratory tests", "Vaccination"],
        position=2,
    )
    consultation_question_save(
        actor=head.user,
        consultation=consultation,
        text="How convenient are the clinics' current opening hours for you?",
        kind=QuestionKind.SCALE,
        position=3,
    )


def _vote_all(
    consultation: Consultation,
    voters: list[tuple[User, Region]],
    rng: random.Random,
    at: dt.datetime,
    share: float,
) -> None:
    questions = list(consultation.questions.prefetch_related("options"))
    for index, (user, region) in enumerate(voters):
        if rng.random() > share:
            continue
        answers: dict[int, list[int]] = {}
        for question in questions:
            options = [o.pk for o in question.options.all()]
            if question.kind == QuestionKind.MULTIPLE:
                answers[question.pk] = sorted(rng.sample(options, 1 + rng.randrange(len(options))))
            elif question.kind == QuestionKind.SCALE:
                answers[question.pk] = [options[min(4, int(rng.triangular(0, 5, 1)))]]
            else:
                answers[question.pk] = [options[0] if rng.random() < 0.7 else rng.choice(options)]
        consultation_vote(
            actor=user,
            consultation=consultation,
            region=region,
            answers=answers,
            now=at + dt.timedelta(hours=index),
        )


def seed_demo_consultations(*, now: dt.datetime | None = None, seed: int = 18) -> int:
    """Create the demo consultations once; returns how many were created."""
    now = now or timezone.now()
    slug = DEMO_AGENCIES[0]
    head = Official.objects.select_related("user", "agency").filter(agency__slug=slug, role="head").first()
    if head is None or Consultation.objects.filter(agency__slug=slug, title=CLOSED_TITLE).exists():
        return 0
    rng = random.Random(seed)
    agency = Agency.objects.get(slug=slug)
    almaty = Region.objects.get(code="KZ-75")
    voters = _voters(rng)
    citizen = User.objects.filter(email=f"citizen@{DEMO_DOMAIN}").first()
    if citizen is not None:  # the demo login counts as vouched for by the identity provider
        CitizenProfile.objects.filter(user=citizen, identity_verified_at__isnull=True).update(
            identity_verified_at=now
        )

    opened = now - dt.timedelta(days=45)
    closed = consultation_save(
        actor=head.user,
        agency=agency,
        region=almaty,
        title=CLOSED_TITLE,
        summary="Should city polyclinics open on Saturdays, and which services should work then?",
        draft_text=DRAFT,
        language="en",
        opens_at=opened,
        closes_at=opened + dt.timedelta(days=14),
        results_live=False,
        response_days=10,
    )
    _questions(head, closed)
    consultation_publish(actor=head.user, consultation=closed, now=opened - dt.timedelta(days=1))
    _vote_all(closed, voters, rng, opened + dt.timedelta(hours=2), share=1.0)
    for offset, text in enumerate(COMMENTS):
        user = voters[offset][0]
        comment = consultation_comment(
            actor=user, consultation=closed, text=text, now=opened + dt.timedelta(days=1 + offset)
        )
        consultation_comment_approve(
            actor=head.user, comment=comment, now=opened + dt.timedelta(days=2 + offset)
        )
    consultations_close_due(now=closed.closes_at + dt.timedelta(minutes=1))
    closed.refresh_from_db()
    consultation_respond(
        actor=head.user, consultation=closed, text=RESPONSE, now=closed.closes_at + dt.timedelta(days=8)
    )

    live_opened = now - dt.timedelta(days=3)
    live = consultation_save(
        actor=head.user,
        agency=agency,
        region=almaty,
        title=OPEN_TITLE,
        summary="Which health services should the region's plan for 2027 put first?",
        draft_text="## Draft plan\n\nThe plan proposes new clinics, more ambulances and longer hours.",
        language="en",
        opens_at=live_opened,
        closes_at=now + dt.timedelta(days=25),
        results_live=True,
        response_days=15,
    )
    _questions(head, live)
    consultation_publish(actor=head.user, consultation=live, now=live_opened - dt.timedelta(hours=1))
    _vote_all(live, voters, rng, live_opened + dt.timedelta(hours=1), share=0.5)
    return 2
