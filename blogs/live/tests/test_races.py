"""Votes at once on two real connections: one vote per citizen, no vote lost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from blogs.live.models import LiveQuestion, LiveVote
from blogs.live.services import (
    live_question_approve,
    live_question_ask,
    live_question_vote,
    live_session_schedule,
)
from officials.models import Agency, Official, Region
from portal.domain_errors import IllegalTransition
from portal.tests.concurrency import HeldLock, release_when_waiting, run_together

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def question(transactional_reference, make_official, make_citizen) -> LiveQuestion:
    head = make_official("ministry-of-health", Official.Role.HEAD)
    start = timezone.now()
    session = live_session_schedule(
        actor=head.user,
        agency=Agency.objects.get(slug="ministry-of-health"),
        topic="T",
        host_name="H",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    asked = live_question_ask(
        actor=make_citizen(),
        session=session,
        text="Q?",
        region=Region.objects.get(code="KZ-75"),
        language="en",
    )
    return live_question_approve(actor=head.user, question=asked)


def _held(question: LiveQuestion) -> HeldLock:
    return HeldLock(lambda: list(LiveQuestion.objects.select_for_update().filter(pk=question.pk)))


def test_the_same_citizen_voting_twice_at_once_counts_once(question, make_citizen) -> None:
    voter = make_citizen()
    with _held(question) as held:
        results = run_together(
            [lambda: live_question_vote(actor=voter, question=question)] * 2,
            before_release=release_when_waiting(held, 2),
        )
    refused = [r for r in results if isinstance(r, IllegalTransition)]
    assert len(refused) == 1 and refused[0].code == "already_voted"
    question.refresh_from_db()
    assert question.votes == 1
    assert LiveVote.objects.filter(question=question, voter=voter).count() == 1


def test_two_citizens_voting_at_once_both_count(question, make_citizen) -> None:
    first, second = make_citizen(), make_citizen()
    with _held(question) as held:
        results = run_together(
            [
                lambda: live_question_vote(actor=first, question=question),
                lambda: live_question_vote(actor=second, question=question),
            ],
            before_release=release_when_waiting(held, 2),
        )
    assert not [r for r in results if isinstance(r, BaseException)], results
    question.refresh_from_db()
    assert question.votes == 2
