"""Races on separate PostgreSQL connections: two votes of one citizen at once leave exactly one
ballot (the second is refused as a second vote, never a 500); two sweeps at once register a
closed consultation's response obligation once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from appeals.models import Appeal, Channel
from blogs.consultations.models import Ballot, BallotChoice
from blogs.consultations.services import consultation_vote, consultations_close_due
from blogs.consultations.tests.conftest import option_ids, question_id
from portal.accounts.models import CitizenProfile
from portal.domain_errors import IllegalTransition
from portal.tests.concurrency import HeldLock, run_queued, run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


def test_two_votes_of_one_citizen_at_once_make_exactly_one_ballot(
    transactional_reference, make_consultation, make_voter, almaty
) -> None:
    consultation = make_consultation()
    voter = make_voter()
    question = question_id(consultation, 1)
    yes, no = option_ids(consultation, 1)

    def vote(option: int):
        return lambda: consultation_vote(
            actor=voter, consultation=consultation, region=almaty, answers={question: [option]}
        )

    # Both requests are queued behind the voter's profile lock, then let go together.
    with HeldLock(lambda: CitizenProfile.objects.select_for_update().get(user=voter)) as held:
        results = run_queued([vote(yes), vote(no)], behind=held)
    refused = [r for r in results if isinstance(r, IllegalTransition)]
    accepted = [r for r in results if isinstance(r, list)]
    assert len(accepted) == 1 and len(refused) == 1, results
    assert Ballot.objects.count() == 1 and BallotChoice.objects.count() == 1


def test_two_votes_released_at_the_same_moment_make_one_ballot(
    transactional_reference, make_consultation, make_voter, almaty
) -> None:
    consultation = make_consultation()
    voter = make_voter()
    question = question_id(consultation, 1)
    yes = option_ids(consultation, 1)[0]
    results = run_together(
        [
            lambda: consultation_vote(
                actor=voter, consultation=consultation, region=almaty, answers={question: [yes]}
            )
            for _ in range(2)
        ]
    )
    assert sum(isinstance(r, list) for r in results) == 1
    assert sum(isinstance(r, IllegalTransition) for r in results) == 1
    assert Ballot.objects.count() == 1


def test_two_sweeps_at_once_register_the_response_once(transactional_reference, make_consultation) -> None:
    consultation = make_consultation()
    after = consultation.closes_at + dt.timedelta(minutes=5)
    results = run_together([lambda: consultations_close_due(now=after) for _ in range(2)])
    assert sorted(results) == [0, 1]
    assert Appeal.objects.filter(channel=Channel.CONSULTATION).count() == 1
