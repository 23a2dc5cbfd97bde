"""Every read of consultations, shared by the pages, the API and the admin."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from appeals.models import Answer
from blogs.consultations.models import (
    Ballot,
    Comment,
    CommentState,
    Consultation,
    ConsultationQuerySet,
    Option,
    Question,
)
from portal.accounts.models import User


def public_consultations() -> ConsultationQuerySet:
    """Published consultations, the most recently opened first, with what a listing shows."""
    return Consultation.objects.published().with_listing().order_by("-opens_at", "-id")


def public_consultation(pk: int) -> Consultation | None:
    """One published consultation with its questions, options and files."""
    return (
        public_consultations()
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.prefetch_related(
                    Prefetch("options", queryset=Option.objects.order_by("position", "id"))
                ),
            ),
            "files",
        )
        .filter(pk=pk)
        .first()
    )


def published_comments(consultation: Consultation) -> list[Comment]:
    return list(consultation.comments.filter(state=CommentState.PUBLISHED).order_by("created_at", "id"))


def own_comments_waiting(consultation: Consultation, user: User) -> list[Comment]:
    if not user.is_authenticated:
        return []
    return list(consultation.comments.filter(author=user).exclude(state=CommentState.PUBLISHED))


def own_choices(consultation: Consultation, user: User) -> dict[int, list[int]]:
    """The signed-in citizen's current vote: {question id: [option ids]}."""
    if not user.is_authenticated:
        return {}
    chosen: dict[int, list[int]] = {}
    for ballot in Ballot.objects.filter(consultation=consultation, voter=user).prefetch_related("choices"):
        chosen[ballot.question_id] = [c.option_id for c in ballot.choices.all()]
    return chosen


def own_region(consultation: Consultation, user: User) -> int | None:
    """The region the citizen gave with their latest vote here, to fill the ballot again."""
    if not user.is_authenticated:
        return None
    return (
        Ballot.objects.filter(consultation=consultation, voter=user)
        .order_by("-id")
        .values_list("region_id", flat=True)
        .first()
    )


@dataclass(frozen=True)
class PublishedResponse:
    text: str
    sent_at: dt.datetime
    due_on: dt.date
    on_time: bool


def response_due_on(consultation: Consultation) -> dt.date | None:
    appeal = consultation.response_appeal
    return appeal.due_on if appeal is not None else None


def published_response(consultation: Consultation) -> PublishedResponse | None:
    """The agency's response: the first answer sent to the consultation's response obligation."""
    appeal = consultation.response_appeal
    if appeal is None or appeal.answered_at is None:
        return None
    answer = Answer.objects.filter(appeal=appeal).order_by("sent_at", "id").first()
    if answer is None:
        return None
    answered_on = appeal.answered_on or timezone.localdate(answer.sent_at)
    return PublishedResponse(
        text=answer.text, sent_at=answer.sent_at, due_on=appeal.due_on, on_time=answered_on <= appeal.due_on
    )
