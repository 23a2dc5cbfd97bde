from __future__ import annotations

import pytest

from appeals.demo import seed_demo
from appeals.models import Appeal, Channel
from blogs.live.demo import seed_demo_live
from blogs.live.models import LiveQuestion, QuestionStatus, SessionState

pytestmark = pytest.mark.django_db


def test_demo_holds_a_finished_session_once() -> None:
    seed_demo(appeals=0, seed=3)
    assert seed_demo_live() == 2
    assert LiveQuestion.objects.filter(status=QuestionStatus.ANSWERED).count() == 2
    assert LiveQuestion.objects.filter(status=QuestionStatus.APPEALED).count() == 2
    assert LiveQuestion.objects.filter(status=QuestionStatus.MERGED).count() == 1
    assert Appeal.objects.filter(channel=Channel.LIVE).count() == 2
    assert LiveQuestion.objects.filter(session__state=SessionState.ENDED).count() == 5
    assert seed_demo_live() == 0
