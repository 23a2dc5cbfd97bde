"""The end of a session: unanswered approved questions become appeals, once, through the real
periodic task, whether it runs twice or twice at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from appeals.models import Appeal, Channel, Notification
from blogs.live.conversion import process_live_sessions
from blogs.live.models import LiveQuestion, LiveSession, QuestionStatus, SessionState
from blogs.live.services import live_question_answer, live_session_end, live_session_start
from blogs.live.tasks import process_live_sessions as beat_task
from officials.models import Official
from portal.tests.concurrency import HeldLock, run_together, wait_for_lock_waiters


def _play(
    session: LiveSession, approved: Callable[..., LiveQuestion], ask, head: Official
) -> dict[str, LiveQuestion]:
    live_session_start(actor=head.user, session=session)
    questions = {
        "answered": approved(text="Answered live?"),
        "left": approved(text="Left unanswered?"),
        "also_left": approved(text="Also left?"),
        "pending": ask(text="Never moderated?"),
    }
    live_question_answer(actor=head.user, question=questions["answered"], text="Yes.")
    return questions


@pytest.mark.django_db
def test_the_beat_task_files_unanswered_questions_once(session, approved, ask, head) -> None:
    questions = _play(session, approved, ask, head)
    live_session_end(actor=head.user, session=session)

    beat_task()  # the periodic task itself, as the worker runs it
    beat_task()

    appeals = Appeal.objects.filter(channel=Channel.LIVE).order_by("id")
    assert appeals.count() == 2
    left = LiveQuestion.objects.get(pk=questions["left"].pk)
    assert left.status == QuestionStatus.APPEALED
    assert left.appeal.citizen_id == left.author_id
    assert left.appeal.agency_id == session.agency_id
    assert left.appeal.due_on is not None  # on the legal clock
    told = Notification.objects.get(kind="live_question_filed", appeal=left.appeal)
    assert told.recipient_id == left.author_id and left.appeal.tracking_number in told.subject
    assert LiveQuestion.objects.get(pk=questions["pending"].pk).appeal is None
    assert LiveQuestion.objects.get(pk=questions["answered"].pk).appeal is None
    session.refresh_from_db()
    assert session.converted_at is not None


@pytest.mark.django_db
def test_a_session_past_its_planned_end_is_ended_by_the_sweep(session, approved) -> None:
    approved()
    report = process_live_sessions(now=session.ends_at - dt.timedelta(minutes=1))
    assert report.sessions == 0
    report = process_live_sessions(now=session.ends_at + dt.timedelta(minutes=1))
    assert (report.sessions, report.appeals) == (1, 1)
    session.refresh_from_db()
    assert session.state == SessionState.ENDED


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_file_each_question_once(
    transactional_reference, make_official, make_citizen
) -> None:
    from blogs.live.services import live_question_approve, live_question_ask, live_session_schedule
    from officials.models import Agency, Region

    head = make_official("ministry-of-health", Official.Role.HEAD)
    agency, region = Agency.objects.get(slug="ministry-of-health"), Region.objects.get(code="KZ-75")
    start = timezone.now() - dt.timedelta(hours=2)
    session = live_session_schedule(
        actor=head.user,
        agency=agency,
        topic="T",
        host_name="H",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    for number in range(3):
        question = live_question_ask(
            actor=make_citizen(), session=session, text=f"Question {number}?", region=region, language="en"
        )
        live_question_approve(actor=head.user, question=question)

    # Hold one question's row: the sweep that claims the session waits on it, inside its
    # transaction, while the other one runs; then both finish.
    first = LiveQuestion.objects.filter(session=session).order_by("id").first()
    with HeldLock(lambda: list(LiveQuestion.objects.select_for_update().filter(pk=first.pk))) as held:

        def release() -> None:
            wait_for_lock_waiters(1)
            held.release()

        results = run_together([process_live_sessions, process_live_sessions], before_release=release)
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert sorted(r.sessions for r in results) == [0, 1]
    assert Appeal.objects.filter(channel=Channel.LIVE).count() == 3
    assert process_live_sessions().appeals == 0
    assert set(LiveQuestion.objects.values_list("status", flat=True)) == {QuestionStatus.APPEALED}
