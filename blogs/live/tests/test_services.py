"""The rules of live sessions, through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from blogs.live.models import LiveEvent, LiveQuestion, LiveSession, LiveVote, QuestionStatus, SessionState
from blogs.live.services import (
    live_question_answer,
    live_question_ask,
    live_question_mask,
    live_question_merge,
    live_question_vote,
    live_session_end,
    live_session_schedule,
    live_session_start,
)
from officials.models import Agency, Official, Region
from portal.accounts.models import User
from portal.domain_errors import IllegalTransition, InvalidInput, NotAllowed

pytestmark = pytest.mark.django_db


def test_only_the_head_schedules(officer: Official, head: Official, health_ministry: Agency) -> None:
    start = timezone.now()
    with pytest.raises(NotAllowed):
        live_session_schedule(
            actor=officer.user,
            agency=health_ministry,
            topic="T",
            host_name="H",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
        )
    with pytest.raises(InvalidInput):
        live_session_schedule(
            actor=head.user, agency=health_ministry, topic="T", host_name="H", starts_at=start, ends_at=start
        )
    assert not LiveSession.objects.exists()


def test_a_question_needs_a_verified_citizen(
    session: LiveSession, make_citizen: Callable[..., User], almaty: Region
) -> None:
    with pytest.raises(NotAllowed):
        live_question_ask(
            actor=make_citizen(verified=False), session=session, text="Q?", region=almaty, language="en"
        )
    assert not LiveQuestion.objects.exists()


def test_approval_masks_personal_data(approved: Callable[..., LiveQuestion]) -> None:
    question = approved(text="Call me at +7 701 123 45 67 or mail a@b.kz about the clinic")
    assert "701" not in question.public_text
    assert "a@b.kz" not in question.public_text
    assert question.status == QuestionStatus.APPROVED


def test_one_vote_per_citizen(approved: Callable[..., LiveQuestion], citizen: User) -> None:
    question = approved()
    live_question_vote(actor=citizen, question=question)
    with pytest.raises(IllegalTransition):
        live_question_vote(actor=citizen, question=question)
    question.refresh_from_db()
    assert question.votes == 1
    assert LiveVote.objects.filter(question=question).count() == 1


def test_no_vote_on_an_unapproved_question_or_own_question(
    ask: Callable[..., LiveQuestion], approved: Callable[..., LiveQuestion], citizen: User
) -> None:
    pending = ask()
    with pytest.raises(IllegalTransition):
        live_question_vote(actor=citizen, question=pending)
    own = approved(actor=citizen)
    with pytest.raises(InvalidInput):
        live_question_vote(actor=citizen, question=own)
    assert not LiveVote.objects.exists()


def test_no_question_or_vote_once_ended(
    session: LiveSession, approved: Callable[..., LiveQuestion], head: Official, citizen: User, almaty: Region
) -> None:
    question = approved()
    live_session_end(actor=head.user, session=session)
    with pytest.raises(IllegalTransition):
        live_question_ask(actor=citizen, session=session, text="Late?", region=almaty, language="en")
    with pytest.raises(IllegalTransition):
        live_question_vote(actor=citizen, question=question)
    assert LiveQuestion.objects.count() == 1


def test_merge_carries_votes_over_once(
    approved: Callable[..., LiveQuestion], officer: Official, make_citizen: Callable[..., User]
) -> None:
    original, duplicate = approved(), approved(text="Specialist queues: three weeks?")
    both, only_duplicate = make_citizen(), make_citizen()
    live_question_vote(actor=both, question=original)
    live_question_vote(actor=both, question=duplicate)
    live_question_vote(actor=only_duplicate, question=duplicate)
    live_question_merge(actor=officer.user, question=duplicate, into=original)
    original.refresh_from_db()
    duplicate.refresh_from_db()
    assert original.votes == 2
    assert duplicate.status == QuestionStatus.MERGED and duplicate.merged_into == original
    with pytest.raises(IllegalTransition):
        live_question_merge(actor=officer.user, question=duplicate, into=original)


def test_answers_only_while_live_and_only_by_the_agency(
    session: LiveSession, approved: Callable[..., LiveQuestion], head: Official, make_official
) -> None:
    question = approved()
    with pytest.raises(IllegalTransition):
        live_question_answer(actor=head.user, question=question, text="Soon.")
    live_session_start(actor=head.user, session=session)
    stranger = make_official("ministry-of-education", Official.Role.HEAD)
    with pytest.raises(NotAllowed):
        live_question_answer(actor=stranger.user, question=question, text="Not mine.")
    answered = live_question_answer(actor=head.user, question=question, text="We hire ten specialists.")
    assert answered.status == QuestionStatus.ANSWERED
    session.refresh_from_db()
    assert session.state == SessionState.LIVE and session.version == 2  # started, answered


def test_moderator_edit_is_masked_too(approved: Callable[..., LiveQuestion], officer: Official) -> None:
    question = live_question_mask(
        actor=officer.user,
        question=approved(),
        public_text="Ask Dr Ivanov, IIN 900101300125? no: his phone 87011234567",
    )
    assert "87011234567" not in question.public_text
    assert LiveEvent.objects.filter(question=question, kind="masked").exists()
