"""Consultation services: publishing, voting (once per IIN, changed only when asked, only while
open, only by a verified citizen), comments under moderation and masking, the response."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from blogs.consultations.models import Ballot, BallotChoice, Comment, CommentState, QuestionKind
from blogs.consultations.services import (
    consultation_comment,
    consultation_comment_approve,
    consultation_comment_reject,
    consultation_publish,
    consultation_question_save,
    consultation_respond,
    consultation_save,
    consultation_vote,
    consultations_close_due,
)
from blogs.consultations.tests.conftest import option_ids, question_id
from portal.accounts.models import CitizenProfile
from portal.domain_errors import IllegalTransition, InvalidInput, NotAllowed

pytestmark = pytest.mark.django_db


def _vote(consultation, voter, almaty, position=1, pick=0, **kwargs):
    return consultation_vote(
        actor=voter,
        consultation=consultation,
        region=almaty,
        answers={question_id(consultation, position): [option_ids(consultation, position)[pick]]},
        **kwargs,
    )


def test_a_verified_citizen_votes_once_per_question(consultation, voter, almaty) -> None:
    _vote(consultation, voter, almaty)
    with pytest.raises(IllegalTransition) as refused:
        _vote(consultation, voter, almaty, pick=1)
    assert refused.value.code == "already_voted"
    assert Ballot.objects.count() == 1
    assert list(BallotChoice.objects.values_list("option_id", flat=True)) == [option_ids(consultation, 1)[0]]


def test_a_changed_vote_replaces_the_old_one(consultation, voter, almaty) -> None:
    _vote(consultation, voter, almaty)
    _vote(consultation, voter, almaty, pick=1, replace=True)
    ballot = Ballot.objects.get()
    assert ballot.changed_at is not None
    assert [c.option_id for c in ballot.choices.all()] == [option_ids(consultation, 1)[1]]


def test_one_vote_per_iin_even_from_another_account(consultation, voter, make_voter, almaty) -> None:
    """An IIN moved to a second account (the first changed its own) cannot vote twice."""
    _vote(consultation, voter, almaty)
    profile = CitizenProfile.objects.get(user=voter)
    iin = profile.iin
    CitizenProfile.objects.filter(pk=profile.pk).update(iin="000000000000")
    other = make_voter()
    CitizenProfile.objects.filter(user=other).update(iin=iin)
    with pytest.raises(IllegalTransition):
        _vote(consultation, other, almaty)
    assert Ballot.objects.count() == 1


def test_an_unverified_citizen_may_not_vote(consultation, citizen, almaty) -> None:
    with pytest.raises(NotAllowed) as refused:
        _vote(consultation, citizen, almaty)
    assert refused.value.code == "identity_unverified"
    assert not Ballot.objects.exists()


def test_no_vote_before_opening_or_after_closing(make_consultation, voter, almaty) -> None:
    now = timezone.now()
    upcoming = make_consultation(opens_at=now + dt.timedelta(days=1), closes_at=now + dt.timedelta(days=5))
    with pytest.raises(IllegalTransition) as early:
        _vote(upcoming, voter, almaty)
    assert early.value.code == "not_open_yet"
    open_one = make_consultation()
    with pytest.raises(IllegalTransition) as late:
        _vote(open_one, voter, almaty, now=open_one.closes_at)
    assert late.value.code == "closed"
    assert not Ballot.objects.exists()


def test_an_option_of_another_question_is_refused(consultation, voter, almaty) -> None:
    with pytest.raises(InvalidInput) as refused:
        consultation_vote(
            actor=voter,
            consultation=consultation,
            region=almaty,
            answers={question_id(consultation, 1): [option_ids(consultation, 2)[0]]},
        )
    assert refused.value.code == "option_of_another_question"
    assert not Ballot.objects.exists()


def test_a_single_choice_question_takes_one_option_and_all_answers_or_none(
    consultation, voter, almaty
) -> None:
    with pytest.raises(InvalidInput):
        consultation_vote(
            actor=voter,
            consultation=consultation,
            region=almaty,
            answers={
                question_id(consultation, 2): option_ids(consultation, 2)[:2],
                question_id(consultation, 1): option_ids(consultation, 1),
            },
        )
    assert not Ballot.objects.exists()


def test_a_multiple_choice_question_takes_several_options(consultation, voter, almaty) -> None:
    consultation_vote(
        actor=voter,
        consultation=consultation,
        region=almaty,
        answers={question_id(consultation, 2): option_ids(consultation, 2)[:2]},
    )
    assert BallotChoice.objects.count() == 2


def test_a_scale_question_has_five_points(consultation) -> None:
    scale = consultation.questions.get(kind=QuestionKind.SCALE)
    assert [o.label for o in scale.options.all()] == ["1", "2", "3", "4", "5"]


def test_a_published_consultation_cannot_be_edited(consultation, head, health_ministry, almaty) -> None:
    with pytest.raises(IllegalTransition):
        consultation_question_save(
            actor=head.user,
            consultation=consultation,
            text="More?",
            kind=QuestionKind.SINGLE,
            options=["a", "b"],
        )
    with pytest.raises(IllegalTransition):
        consultation_save(
            actor=head.user,
            agency=health_ministry,
            region=almaty,
            title="Changed",
            summary="s",
            draft_text="d",
            language="en",
            opens_at=consultation.opens_at,
            closes_at=consultation.closes_at,
            results_live=True,
            response_days=5,
            consultation=consultation,
        )


def test_another_agencys_official_may_not_run_the_consultation(make_consultation, make_official) -> None:
    consultation = make_consultation(publish=False)
    stranger = make_official("ministry-of-education")
    with pytest.raises(NotAllowed):
        consultation_publish(actor=stranger.user, consultation=consultation)


def test_comments_are_published_only_after_moderation_and_masked(consultation, voter, head) -> None:
    comment = consultation_comment(
        actor=voter, consultation=consultation, text="Call me on +7 701 123 45 67, it matters."
    )
    assert comment.state == CommentState.PENDING
    approved = consultation_comment_approve(actor=head.user, comment=comment)
    assert approved.state == CommentState.PUBLISHED
    assert "701 123 45 67" not in approved.public_text
    with pytest.raises(InvalidInput):
        consultation_comment_reject(actor=head.user, comment=comment, reason="again")


def test_an_unverified_citizen_may_not_comment(consultation, citizen) -> None:
    with pytest.raises(NotAllowed):
        consultation_comment(actor=citizen, consultation=consultation, text="Hello")
    assert not Comment.objects.exists()


def test_the_response_waits_for_closing(consultation, head) -> None:
    with pytest.raises(IllegalTransition) as refused:
        consultation_respond(actor=head.user, consultation=consultation, text="We heard you.")
    assert refused.value.code == "not_closed"


def test_closing_is_idempotent(make_consultation) -> None:
    consultation = make_consultation()
    after = consultation.closes_at + dt.timedelta(minutes=1)
    assert consultations_close_due(now=after) == 1
    assert consultations_close_due(now=after) == 0
    consultation.refresh_from_db()
    assert consultation.response_appeal is not None
