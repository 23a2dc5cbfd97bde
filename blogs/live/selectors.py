"""Reads of live sessions for the pages, the admin and the API alike."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from blogs.live.models import LiveQuestion, LiveSession, QuestionStatus, SessionState
from portal.accounts.models import User


def public_sessions() -> QuerySet[LiveSession]:
    return LiveSession.objects.public().annotate(
        answered_count=Count("questions", filter=Q(questions__status=QuestionStatus.ANSWERED)),
        question_count=Count(
            "questions",
            filter=Q(
                questions__status__in=(
                    QuestionStatus.APPROVED,
                    QuestionStatus.ANSWERED,
                    QuestionStatus.APPEALED,
                )
            ),
        ),
    )


def sessions_by_state() -> dict[str, list[LiveSession]]:
    """Live now, coming, and past (the newest first), for the index page."""
    grouped: dict[str, list[LiveSession]] = {state: [] for state in SessionState.values}
    for session in public_sessions().order_by("starts_at", "id"):
        grouped[session.state].append(session)
    grouped[SessionState.ENDED].reverse()
    return grouped


def public_session(session_id: int) -> LiveSession | None:
    return LiveSession.objects.public().filter(pk=session_id).first()


def public_questions(session: LiveSession) -> QuerySet[LiveQuestion]:
    """Approved, answered and appealed questions, the most voted first."""
    return LiveQuestion.objects.public().filter(session=session).select_related("appeal").by_votes()


def waiting_questions(session: LiveSession) -> QuerySet[LiveQuestion]:
    return public_questions(session).filter(status=QuestionStatus.APPROVED)


def answered_questions(session: LiveSession) -> QuerySet[LiveQuestion]:
    return LiveQuestion.objects.filter(session=session, status=QuestionStatus.ANSWERED).order_by(
        "-answered_at", "-id"
    )


def appealed_questions(session: LiveSession) -> QuerySet[LiveQuestion]:
    return (
        LiveQuestion.objects.filter(session=session, status=QuestionStatus.APPEALED)
        .select_related("appeal")
        .order_by("-votes", "id")
    )


def own_questions(user: User, session: LiveSession) -> QuerySet[LiveQuestion]:
    """The signed-in citizen's questions in this session, whatever their status."""
    if not user.is_authenticated:
        return LiveQuestion.objects.none()
    return LiveQuestion.objects.filter(session=session, author=user).select_related("merged_into", "appeal")


def voted_ids(user: User, session: LiveSession) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        LiveQuestion.objects.filter(session=session, vote_rows__voter=user).values_list("pk", flat=True)
    )
