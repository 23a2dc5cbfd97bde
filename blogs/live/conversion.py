"""The end of a live session: every approved question left unanswered becomes an ordinary
appeal to the session's agency, on the legal clock, filed through `appeal_file` for the
question's author (channel "live"), who is told the tracking number through the outbox.

Driven by the periodic task `blogs.live.tasks.process_live_sessions` (Celery beat, beside the
deadline sweep) and by `manage.py process_live_sessions`. Like the deadline sweep it claims its
rows with SELECT … FOR UPDATE SKIP LOCKED, so two runs at once share the work and never take the
same session; a session is converted in one transaction and then marked (`converted_at`), and a
question's appeal is a unique one-to-one, so a second run, or a run killed half-way, files
nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from appeals.models import AppealType, Channel
from appeals.notifications import notify
from appeals.services import appeal_file
from blogs.live.fragment_cache import fragment_changed
from blogs.live.models import (
    LiveEvent,
    LiveEventKind,
    LiveQuestion,
    LiveSession,
    QuestionStatus,
    SessionState,
)
from blogs.live.services import end_locked_session
from portal.domain_errors import DomainError

logger = logging.getLogger(__name__)

SUBJECT_LIMIT = 200


@dataclass
class ConversionReport:
    sessions: int = 0
    appeals: int = 0
    refused: int = 0

    def summary(self) -> str:
        return (
            f"live sessions closed: {self.sessions}, questions filed as appeals: {self.appeals}, "
            f"refused: {self.refused}"
        )


def process_live_sessions(*, now: dt.datetime | None = None) -> ConversionReport:
    """Close every session due, one at a time, until none is left that another run holds not."""
    now = now or timezone.now()
    report = ConversionReport()
    while _convert_one(now, report):
        report.sessions += 1
    return report


def _subject(session: LiveSession, question: LiveQuestion) -> str:
    first_line = question.text.strip().splitlines()[0]
    subject = f"{session.topic}: {first_line}"
    return subject if len(subject) <= SUBJECT_LIMIT else subject[: SUBJECT_LIMIT - 1] + "…"


def _convert_one(now: dt.datetime, report: ConversionReport) -> bool:
    with transaction.atomic():
        session = (
            LiveSession.objects.conversion_due(now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("agency")
            .order_by("ends_at", "id")
            .first()
        )
        if session is None:
            return False
        if session.state != SessionState.ENDED:
            end_locked_session(session, actor=None, moment=now)  # past its planned end
        waiting = (
            LiveQuestion.objects.select_for_update()
            .filter(session=session, status=QuestionStatus.APPROVED, appeal__isnull=True)
            .select_related("author", "region")
            .order_by("id")
        )
        for question in waiting:
            _file(session, question, now, report)
        session.converted_at = now
        session.save(update_fields=("converted_at",))
        fragment_changed(session.pk)
    return True


def _file(session: LiveSession, question: LiveQuestion, now: dt.datetime, report: ConversionReport) -> None:
    """One question as an appeal, in a savepoint: an author who may no longer file (an account
    closed since) leaves the question unconverted, with an event saying why, and the others go on."""
    try:
        with transaction.atomic():
            appeal = appeal_file(
                actor=question.author,
                appeal_type=AppealType.INQUIRY,
                agency=session.agency,
                region=question.region,
                subject=_subject(session, question),
                text=question.text,
                channel=Channel.LIVE,
                now=now,
            )
            question.appeal, question.status = appeal, QuestionStatus.APPEALED
            question.save(update_fields=("appeal", "status"))
            LiveEvent.objects.create(
                session=session,
                question=question,
                kind=LiveEventKind.APPEALED,
                data={"tracking_number": appeal.tracking_number},
                created_at=now,
            )
            notify(
                users=[question.author],
                kind="live_question_filed",
                appeal=appeal,
                extra={"note": session.topic},
            )
    except DomainError as refusal:
        logger.warning("live question %s not filed as an appeal: %s", question.pk, refusal)
        LiveEvent.objects.create(
            session=session,
            question=question,
            kind=LiveEventKind.NOT_APPEALED,
            note=str(refusal),
            created_at=now,
        )
        report.refused += 1
    else:
        report.appeals += 1
