"""Every write to live sessions: one transaction each, keyword-only, with the actor; an event
row for every step. Rules run inside the transaction, after the row locks.

Lock order: the session, then its questions in ascending id order (a merge locks two). Voting
locks only the question: it reads the session's state without locking it, since the session
only moves forward (a vote racing the end is counted or refused, never half-done).
Turning questions into appeals at the end lives in `blogs.live.conversion`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals.services.common import require_text
from appeals.services.filing import require_verified_citizen
from blogs.live.fragment_cache import fragment_changed
from blogs.live.models import (
    LiveEvent,
    LiveEventKind,
    LiveQuestion,
    LiveSession,
    LiveVote,
    QuestionStatus,
    SessionState,
)
from blogs.live.scope import may_schedule, on_team
from officials.models import Agency, Region
from portal.accounts.models import User
from portal.domain_errors import IllegalTransition, InvalidInput, NotAllowed
from portal.masking import mask_personal_data

QUESTION_LIMIT = 2000
ANSWER_LIMIT = 10_000
LONGEST_SESSION = dt.timedelta(hours=12)


def _event(
    session: LiveSession,
    *,
    kind: str,
    actor: User | None,
    at: dt.datetime,
    question: LiveQuestion | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> LiveEvent:
    return LiveEvent.objects.create(
        session=session, question=question, kind=kind, actor=actor, note=note, data=data or {}, created_at=at
    )


def _lock_session(session: LiveSession | int) -> LiveSession:
    pk = session if isinstance(session, int) else session.pk
    return LiveSession.objects.select_for_update(of=("self",)).select_related("agency").get(pk=pk)


def _lock_question(question: LiveQuestion) -> tuple[LiveSession, LiveQuestion]:
    """The question's session, then the question (the documented order)."""
    session = _lock_session(question.session_id)
    return session, LiveQuestion.objects.select_for_update().get(pk=question.pk)


def _require_team(actor: User, session: LiveSession) -> None:
    if not on_team(actor, session.agency_id):
        raise NotAllowed(
            _("Only the officials of %(agency)s may run this live session.") % {"agency": session.agency.name}
        )


def _require_not_ended(session: LiveSession) -> None:
    if session.state == SessionState.ENDED:
        raise IllegalTransition(_("This live session has ended."), code="session_ended")


def _require_status(question: LiveQuestion, *allowed: str) -> None:
    if question.status not in allowed:
        raise IllegalTransition(
            _("This question is %(status)s: that cannot be done to it now.")
            % {"status": question.get_status_display()},
            code="wrong_status",
        )


def _bump(session: LiveSession) -> None:
    """What the public fragment shows has changed: a new version, the cached copies dropped."""
    LiveSession.objects.filter(pk=session.pk).update(version=F("version") + 1)
    fragment_changed(session.pk)


# --- the session ------------------------------------------------------------------------------


def live_session_schedule_validate(
    *, actor: User, agency: Agency, topic: str, host_name: str, starts_at: dt.datetime, ends_at: dt.datetime
) -> tuple[str, str]:
    """The checks of `live_session_schedule`, writing nothing: the cleaned topic and host."""
    if not may_schedule(actor, agency):
        raise NotAllowed(
            _("Only the head of %(agency)s may schedule its live sessions.") % {"agency": agency.name}
        )
    topic = require_text(topic, field=_("Topic"), limit=200)
    host_name = require_text(host_name, field=_("Who answers"), limit=300)
    if ends_at <= starts_at:
        raise InvalidInput(_("The session must end after it starts."), code="ends_before_start")
    if ends_at - starts_at > LONGEST_SESSION:
        raise InvalidInput(_("A live session lasts at most 12 hours."), code="too_long")
    return topic, host_name


def live_session_schedule(
    *,
    actor: User,
    agency: Agency,
    topic: str,
    host_name: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    description: str = "",
    now: dt.datetime | None = None,
) -> LiveSession:
    topic, host_name = live_session_schedule_validate(
        actor=actor, agency=agency, topic=topic, host_name=host_name, starts_at=starts_at, ends_at=ends_at
    )
    with transaction.atomic():
        session = LiveSession.objects.create(
            agency=agency,
            topic=topic,
            host_name=host_name,
            description=description.strip()[:2000],
            starts_at=starts_at,
            ends_at=ends_at,
            created_by=actor,
        )
        _event(session, kind=LiveEventKind.SCHEDULED, actor=actor, at=now or timezone.now())
    return session


def live_session_start(*, actor: User, session: LiveSession, now: dt.datetime | None = None) -> LiveSession:
    moment = now or timezone.now()
    with transaction.atomic():
        session = _lock_session(session)
        _require_team(actor, session)
        if session.state != SessionState.SCHEDULED:
            raise IllegalTransition(_("Only a scheduled session can be started."), code="not_scheduled")
        session.state, session.started_at = SessionState.LIVE, moment
        session.save(update_fields=("state", "started_at"))
        _event(session, kind=LiveEventKind.STARTED, actor=actor, at=moment)
        _bump(session)
    return session


def end_locked_session(session: LiveSession, *, actor: User | None, moment: dt.datetime) -> None:
    """End a session whose row the caller holds locked (the head, or the sweep at the planned end)."""
    session.state, session.ended_at = SessionState.ENDED, moment
    session.save(update_fields=("state", "ended_at"))
    _event(session, kind=LiveEventKind.ENDED, actor=actor, at=moment)
    _bump(session)


def live_session_end(*, actor: User, session: LiveSession, now: dt.datetime | None = None) -> LiveSession:
    """The head's team ends the session; the next sweep files the unanswered questions as appeals."""
    moment = now or timezone.now()
    with transaction.atomic():
        session = _lock_session(session)
        _require_team(actor, session)
        _require_not_ended(session)
        end_locked_session(session, actor=actor, moment=moment)
    return session


# --- citizens: asking and voting --------------------------------------------------------------


def live_question_ask(
    *,
    actor: User,
    session: LiveSession,
    text: str,
    region: Region,
    language: str,
    now: dt.datetime | None = None,
) -> LiveQuestion:
    """A citizen's question, before or during the session; public after moderation. Only a citizen
    who could file an appeal may ask: an unanswered question becomes one."""
    require_verified_citizen(actor)
    text = require_text(text, field=_("Your question"), limit=QUESTION_LIMIT)
    moment = now or timezone.now()
    with transaction.atomic():
        session = _lock_session(session)
        _require_not_ended(session)
        if not session.agency.is_active:
            raise InvalidInput(_("This agency does not take questions now."), code="agency_inactive")
        question = LiveQuestion.objects.create(
            session=session, author=actor, region=region, text=text, language=language, created_at=moment
        )
        _event(session, kind=LiveEventKind.ASKED, actor=actor, question=question, at=moment)
    return question


def live_question_vote(
    *, actor: User, question: LiveQuestion, now: dt.datetime | None = None
) -> LiveQuestion:
    """One upvote per citizen per question, on an approved question of a session not ended."""
    if not actor.is_authenticated or not actor.is_active:
        raise NotAllowed(_("Sign in to vote for a question."))
    if actor.email_verified_at is None:
        raise NotAllowed(
            _("Confirm your e-mail address before voting: open the link we sent to %(email)s.")
            % {"email": actor.email},
            code="email_unverified",
        )
    moment = now or timezone.now()
    with transaction.atomic():
        locked = LiveQuestion.objects.select_for_update().select_related("session").get(pk=question.pk)
        _require_not_ended(locked.session)
        if locked.status != QuestionStatus.APPROVED:
            raise IllegalTransition(
                _("Only an approved question that is not answered yet can be voted for."), code="not_votable"
            )
        if locked.author_id == actor.pk:
            raise InvalidInput(_("You cannot vote for your own question."), code="own_question")
        try:
            with transaction.atomic():
                LiveVote.objects.create(question=locked, voter=actor, created_at=moment)
        except IntegrityError as duplicate:
            raise IllegalTransition(
                _("You have already voted for this question."), code="already_voted"
            ) from duplicate
        locked.votes += 1
        locked.save(update_fields=("votes",))
    return locked


# --- moderation -------------------------------------------------------------------------------


def _masked(text: str) -> str:
    return mask_personal_data(require_text(text, field=_("Published text"), limit=QUESTION_LIMIT))


def live_question_approve(
    *, actor: User, question: LiveQuestion, public_text: str | None = None, now: dt.datetime | None = None
) -> LiveQuestion:
    """Publish the question, its text (or the moderator's edit of it) with personal data masked."""
    moment = now or timezone.now()
    with transaction.atomic():
        session, question = _lock_question(question)
        _require_team(actor, session)
        _require_not_ended(session)
        _require_status(question, QuestionStatus.PENDING)
        question.public_text = _masked(public_text or question.text)
        question.status = QuestionStatus.APPROVED
        question.moderated_at, question.moderated_by = moment, actor
        question.save()
        _event(session, kind=LiveEventKind.APPROVED, actor=actor, question=question, at=moment)
    return question


def live_question_reject(
    *, actor: User, question: LiveQuestion, reason: str, now: dt.datetime | None = None
) -> LiveQuestion:
    reason = require_text(reason, field=_("Reason"), limit=1000)
    moment = now or timezone.now()
    with transaction.atomic():
        session, question = _lock_question(question)
        _require_team(actor, session)
        _require_status(question, QuestionStatus.PENDING, QuestionStatus.APPROVED)
        question.status = QuestionStatus.REJECTED
        question.moderated_at, question.moderated_by = moment, actor
        question.save()
        _event(session, kind=LiveEventKind.REJECTED, actor=actor, question=question, note=reason, at=moment)
    return question


def live_question_mask(
    *, actor: User, question: LiveQuestion, public_text: str, now: dt.datetime | None = None
) -> LiveQuestion:
    """A moderator rewrites the published text (to hide a name or an address the automatic
    masking missed); IINs, phones and e-mail addresses are masked in the edit as well."""
    moment = now or timezone.now()
    with transaction.atomic():
        session, question = _lock_question(question)
        _require_team(actor, session)
        if question.status in (QuestionStatus.PENDING, QuestionStatus.REJECTED):
            raise IllegalTransition(
                _("Only a published question's text can be edited."), code="not_published"
            )
        question.public_text = _masked(public_text)
        question.save(update_fields=("public_text",))
        _event(session, kind=LiveEventKind.MASKED, actor=actor, question=question, at=moment)
        _bump(session)
    return question


def live_question_merge(
    *, actor: User, question: LiveQuestion, into: LiveQuestion, now: dt.datetime | None = None
) -> LiveQuestion:
    """A duplicate joins the question it repeats: it leaves the list, and its votes (those of
    citizens who had not voted for the other already) are carried over."""
    moment = now or timezone.now()
    if question.pk == into.pk:
        raise InvalidInput(_("A question cannot be merged into itself."), code="same_question")
    with transaction.atomic():
        session = _lock_session(question.session_id)
        _require_team(actor, session)
        _require_not_ended(session)
        locked = {
            q.pk: q
            for q in LiveQuestion.objects.select_for_update()
            .filter(pk__in=(question.pk, into.pk))
            .order_by("pk")
        }
        duplicate, target = locked[question.pk], locked[into.pk]
        if target.session_id != session.pk:
            raise InvalidInput(_("Both questions must belong to the same session."), code="other_session")
        _require_status(duplicate, QuestionStatus.PENDING, QuestionStatus.APPROVED)
        if target.status not in (QuestionStatus.APPROVED, QuestionStatus.ANSWERED):
            raise IllegalTransition(
                _("A question can only be merged into a published one."), code="target_not_published"
            )
        already = LiveVote.objects.filter(question=target).values("voter_id")
        moved = (
            LiveVote.objects.filter(question=duplicate)
            .exclude(voter_id__in=already)
            .exclude(voter_id=target.author_id)
        )
        carried = [
            LiveVote(question=target, voter_id=v, created_at=moment)
            for v in moved.values_list("voter_id", flat=True)
        ]
        LiveVote.objects.bulk_create(carried)
        target.votes += len(carried)
        target.save(update_fields=("votes",))
        duplicate.status, duplicate.merged_into = QuestionStatus.MERGED, target
        duplicate.moderated_at, duplicate.moderated_by = moment, actor
        duplicate.save()
        _event(
            session,
            kind=LiveEventKind.MERGED,
            actor=actor,
            question=duplicate,
            at=moment,
            data={"into": target.pk, "votes_carried": len(carried)},
        )
    return duplicate


# --- answering live ---------------------------------------------------------------------------


def live_question_answer(
    *, actor: User, question: LiveQuestion, text: str, now: dt.datetime | None = None
) -> LiveQuestion:
    """The head's team publishes an answer while the session is live; viewers' pages pick it up
    from the fragment."""
    text = require_text(text, field=_("Answer"), limit=ANSWER_LIMIT)
    moment = now or timezone.now()
    with transaction.atomic():
        session, question = _lock_question(question)
        _require_team(actor, session)
        if session.state != SessionState.LIVE:
            raise IllegalTransition(
                _("Answers are published while the session is live."), code="session_not_live"
            )
        _require_status(question, QuestionStatus.APPROVED)
        question.answer, question.answered_at, question.answered_by = text, moment, actor
        question.status = QuestionStatus.ANSWERED
        question.save()
        _event(session, kind=LiveEventKind.ANSWERED, actor=actor, question=question, at=moment)
        _bump(session)
    return question
