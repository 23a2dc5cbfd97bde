"""Every write to consultations: one transaction each, keyword-only, with the actor.

Rules are checked inside the transaction, after the row lock:
- a vote locks the voter's citizen profile (every vote of one citizen queues there; the IIN and
  the identity check are read afresh under it), then writes the ballots;
- closing locks the consultation (SKIP LOCKED: parallel sweeps share the work) and registers the
  response obligation through `appeals.services.duty` in the same transaction;
- the response is the obligation appeal's answer, through `appeals.services.appeal_answer`
  (which locks the appeal: the appeals' lock order holds).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from appeals.models import Answer, PendingAnswer
from appeals.services import appeal_answer
from appeals.services.common import require_text
from appeals.services.duty import appeal_file_duty
from appeals.uploads import check_upload
from blogs.consultations.models import (
    MAX_RESPONSE_DAYS,
    MIN_RESPONSE_DAYS,
    SCALE_POINTS,
    Ballot,
    BallotChoice,
    Comment,
    CommentState,
    Consultation,
    ConsultationFile,
    Option,
    Question,
    QuestionKind,
)
from blogs.consultations.scope import can_run
from officials.models import Agency, Region
from portal.accounts.models import CitizenProfile, User
from portal.domain_errors import IllegalTransition, InvalidInput, NotAllowed, RateLimited
from portal.masking import mask_personal_data
from portal.ratelimit import hit as rate_limit_hit

MAX_OPTIONS = 20
FILE_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
}
MAX_FILE_SIZE = 20 * 1024 * 1024


def _require_runner(actor: User, agency: Agency) -> None:
    if not can_run(actor, agency):
        raise NotAllowed(
            _("Only the officials of %(agency)s may run its consultations.") % {"agency": agency.name}
        )


def _lock(consultation: Consultation) -> Consultation:
    return (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("agency", "region", "response_appeal")
        .get(pk=consultation.pk)
    )


def _require_draft(consultation: Consultation) -> None:
    if consultation.published_at is not None:
        raise IllegalTransition(
            _("This consultation is published: its text, dates and questions can no longer change."),
            code="published",
        )


# --- writing a consultation (the admin) -----------------------------------------------------------
# Each write starts with its validation-only twin (`*_validate`), which the admin's forms call in
# `clean()` so a refusal shows on the form as typed.


def consultation_validate(
    *,
    actor: User,
    agency: Agency,
    title: str,
    summary: str,
    draft_text: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    response_days: int,
    consultation: Consultation | None = None,
) -> tuple[str, str, str]:
    """The checks of `consultation_save`, writing nothing: the cleaned title, summary and text."""
    _require_runner(actor, agency)
    if consultation is not None:
        if consultation.agency_id != agency.pk:
            raise InvalidInput(_("A consultation stays with the agency that opened it."), code="agency")
        _require_draft(consultation)
    if closes_at <= opens_at:
        raise InvalidInput(_("The consultation must close after it opens."), code="dates")
    if not MIN_RESPONSE_DAYS <= response_days <= MAX_RESPONSE_DAYS:
        raise InvalidInput(
            _("The response is due within %(low)d to %(high)d working days after closing.")
            % {"low": MIN_RESPONSE_DAYS, "high": MAX_RESPONSE_DAYS},
            code="response_days",
        )
    return (
        require_text(title, field=_("Title"), limit=200),
        require_text(summary, field=_("Summary"), limit=2000),
        require_text(draft_text, field=_("Draft text"), limit=100_000),
    )


def consultation_save(
    *,
    actor: User,
    agency: Agency,
    region: Region,
    title: str,
    summary: str,
    draft_text: str,
    language: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    results_live: bool,
    response_days: int,
    consultation: Consultation | None = None,
) -> Consultation:
    """Create a consultation (unpublished), or edit one that is not published yet."""
    title, summary, draft_text = consultation_validate(
        actor=actor,
        agency=agency,
        title=title,
        summary=summary,
        draft_text=draft_text,
        opens_at=opens_at,
        closes_at=closes_at,
        response_days=response_days,
        consultation=consultation,
    )
    with transaction.atomic():
        if consultation is None:
            consultation = Consultation(agency=agency, created_by=actor)
        else:
            consultation = _lock(consultation)
            _require_draft(consultation)
        consultation.region = region
        consultation.title, consultation.summary, consultation.draft_text = title, summary, draft_text
        consultation.language = language
        consultation.opens_at, consultation.closes_at = opens_at, closes_at
        consultation.results_live, consultation.response_days = results_live, response_days
        consultation.save()
    return consultation


def consultation_question_validate(
    *, actor: User, consultation: Consultation, text: str, kind: str, options: Sequence[str]
) -> tuple[str, list[str]]:
    """The checks of `consultation_question_save`: the cleaned question and option labels."""
    _require_runner(actor, consultation.agency)
    _require_draft(consultation)
    if kind not in QuestionKind.values:
        raise InvalidInput(_("Choose the kind of question."), code="kind")
    text = require_text(text, field=_("Question"), limit=500)
    if kind == QuestionKind.SCALE:
        return text, [str(point) for point in range(1, SCALE_POINTS + 1)]
    labels = [label.strip() for label in options if label.strip()]
    if not 2 <= len(labels) <= MAX_OPTIONS:
        raise InvalidInput(
            _("A choice question needs 2 to %(max)d options, one per line.") % {"max": MAX_OPTIONS},
            code="options",
        )
    if len(set(labels)) != len(labels):
        raise InvalidInput(_("Each option must be different."), code="options")
    for label in labels:
        require_text(label, field=_("Option"), limit=300)
    return text, labels


def consultation_question_save(
    *,
    actor: User,
    consultation: Consultation,
    text: str,
    kind: str,
    options: Sequence[str] = (),
    position: int = 1,
    question: Question | None = None,
) -> Question:
    """Add or edit a question of an unpublished consultation; a scale question gets the options
    1 to 5. Editing replaces the options (nobody can have voted on an unpublished one)."""
    text, labels = consultation_question_validate(
        actor=actor, consultation=consultation, text=text, kind=kind, options=options
    )
    with transaction.atomic():
        consultation = _lock(consultation)
        _require_draft(consultation)
        if question is None:
            question = Question(consultation=consultation)
        elif question.consultation_id != consultation.pk:
            raise InvalidInput(_("This question belongs to another consultation."), code="question")
        question.text, question.kind, question.position = text, kind, position
        question.save()
        question.options.all().delete()
        Option.objects.bulk_create(
            [Option(question=question, position=n, label=label) for n, label in enumerate(labels, start=1)]
        )
    return question


def consultation_file_validate(
    *, actor: User, consultation: Consultation, upload: UploadedFile, title: str
) -> tuple[str, str]:
    _require_runner(actor, consultation.agency)
    _require_draft(consultation)
    return require_text(title, field=_("Title"), limit=200), check_upload(
        upload, allowed=FILE_TYPES, max_size=MAX_FILE_SIZE
    )


def consultation_file_add(
    *, actor: User, consultation: Consultation, upload: UploadedFile, title: str
) -> ConsultationFile:
    """Attach a PDF or DOCX to the draft (checked by content), before publication."""
    title, content_type = consultation_file_validate(
        actor=actor, consultation=consultation, upload=upload, title=title
    )
    with transaction.atomic():
        consultation = _lock(consultation)
        _require_draft(consultation)
        return ConsultationFile.objects.create(
            consultation=consultation,
            title=title,
            file=upload,
            content_type=content_type,
            size=upload.size or 0,
            uploaded_by=actor,
        )


def consultation_publish(
    *, actor: User, consultation: Consultation, now: dt.datetime | None = None
) -> Consultation:
    """Make the consultation public (it takes votes from its opening time). Its questions, text
    and dates are fixed from now on."""
    moment = now or timezone.now()
    with transaction.atomic():
        consultation = _lock(consultation)
        _require_runner(actor, consultation.agency)
        _require_draft(consultation)
        if consultation.closes_at <= moment:
            raise InvalidInput(_("The closing time has passed: set new dates first."), code="dates")
        questions = list(consultation.questions.prefetch_related("options"))
        if not questions:
            raise InvalidInput(_("Add at least one question before publishing."), code="no_questions")
        if any(len(q.options.all()) < 2 for q in questions):
            raise InvalidInput(_("Every question needs at least two options."), code="options")
        consultation.published_at = moment
        consultation.save(update_fields=("published_at", "updated_at"))
    return consultation


def consultation_results_live_set(*, actor: User, consultation: Consultation, live: bool) -> Consultation:
    """Whether the results are shown while the consultation is open (the one setting that may
    change after publication)."""
    with transaction.atomic():
        consultation = _lock(consultation)
        _require_runner(actor, consultation.agency)
        consultation.results_live = live
        consultation.save(update_fields=("results_live", "updated_at"))
    return consultation


# --- citizens: voting and commenting ----------------------------------------------------------------


def voter_key(iin: str) -> str:
    """A keyed hash of the IIN: one ballot per IIN without copying the IIN into the ballots."""
    return salted_hmac("dialog.consultations.voter", iin, algorithm="sha256").hexdigest()


def _verified_profile(actor: User, *, lock: bool) -> CitizenProfile:
    """The actor's citizen profile if the national identity provider vouched for its IIN and name
    (read afresh, locked when asked); NotAllowed otherwise."""
    if not actor.is_authenticated or not actor.is_active:
        raise NotAllowed(_("Sign in to take part in a consultation."), code="not_signed_in")
    profiles = CitizenProfile.objects.select_related("user")
    if lock:
        profiles = profiles.select_for_update(of=("self",))
    profile = profiles.filter(user_id=actor.pk, user__is_active=True).first()
    if profile is None or profile.identity_verified_at is None or not profile.is_complete:
        raise NotAllowed(
            _(
                "Only citizens whose identity was confirmed by the national identity provider take part "
                "in consultations: one vote per IIN. Sign in once with the identity provider to confirm it."
            ),
            code="identity_unverified",
        )
    return profile


def _require_open(consultation: Consultation, moment: dt.datetime) -> None:
    if consultation.published_at is None:
        raise InvalidInput(_("This consultation is not published."), code="not_published")
    if moment < consultation.opens_at:
        raise IllegalTransition(_("This consultation is not open yet."), code="not_open_yet")
    if moment >= consultation.closes_at:
        raise IllegalTransition(
            _("This consultation is closed: votes and comments are no longer taken."), code="closed"
        )


def _choices_for(question: Question, option_ids: Sequence[int]) -> list[Option]:
    wanted = list(dict.fromkeys(option_ids))
    if len(wanted) != len(option_ids):
        raise InvalidInput(_("An option may be chosen only once."), code="options")
    options = {o.pk: o for o in question.options.all()}
    if not wanted or any(pk not in options for pk in wanted):
        raise InvalidInput(
            _('Choose options of the question "%(question)s" only.') % {"question": question.text},
            code="option_of_another_question",
        )
    if question.kind != QuestionKind.MULTIPLE and len(wanted) != 1:
        raise InvalidInput(
            _('Choose exactly one answer to "%(question)s".') % {"question": question.text},
            code="one_choice",
        )
    return [options[pk] for pk in wanted]


def consultation_vote(
    *,
    actor: User,
    consultation: Consultation,
    region: Region,
    answers: Mapping[int, Sequence[int]],
    replace: bool = False,
    now: dt.datetime | None = None,
) -> list[Ballot]:
    """A verified citizen's votes: {question id: [option ids]}, all or nothing. One ballot per
    question per IIN; a question already voted on is refused unless `replace` asks to change the
    vote (before closing), which replaces the ballot's choices."""
    moment = now or timezone.now()
    if not answers:
        raise InvalidInput(_("Answer at least one question."), code="no_answers")
    with transaction.atomic():
        profile = _verified_profile(actor, lock=True)  # every vote of this citizen queues here
        consultation = Consultation.objects.select_related("agency").get(pk=consultation.pk)
        _require_open(consultation, moment)
        questions = {q.pk: q for q in consultation.questions.prefetch_related("options")}
        unknown = [pk for pk in answers if pk not in questions]
        if unknown:
            raise InvalidInput(
                _("Answer the questions of this consultation only."), code="question_of_another"
            )
        key = voter_key(profile.iin)
        existing = {
            b.question_id: b
            for b in Ballot.objects.filter(Q(voter=actor) | Q(voter_key=key), question_id__in=list(answers))
        }
        chosen = {pk: _choices_for(questions[pk], option_ids) for pk, option_ids in answers.items()}
        if existing and not replace:
            first = questions[min(existing)]
            raise IllegalTransition(
                _(
                    'You have already voted on "%(question)s". To change your vote before the '
                    "consultation closes, send it again as a change."
                )
                % {"question": first.text},
                code="already_voted",
            )
        ballots = []
        for pk, options in chosen.items():
            ballot = existing.get(pk)
            if ballot is None:
                ballot = Ballot.objects.create(
                    question_id=pk,
                    consultation=consultation,
                    voter=actor,
                    voter_key=key,
                    region=region,
                    cast_at=moment,
                )
            else:
                ballot.choices.all().delete()
                ballot.region, ballot.changed_at = region, moment
                ballot.save(update_fields=("region", "changed_at"))
            BallotChoice.objects.bulk_create(
                [BallotChoice(ballot=ballot, question_id=pk, option=o, region=region) for o in options]
            )
            ballots.append(ballot)
    return ballots


def consultation_comment(
    *, actor: User, consultation: Consultation, text: str, now: dt.datetime | None = None
) -> Comment:
    """A verified citizen's comment on an open consultation; published only after moderation,
    with personal data masked."""
    moment = now or timezone.now()
    text = require_text(text, field=_("Comment"), limit=5000)
    _verified_profile(actor, lock=False)
    consultation = Consultation.objects.get(pk=consultation.pk)  # read afresh, not the caller's copy
    _require_open(consultation, moment)
    if rate_limit_hit("consultation_comment", "account", str(actor.pk)):
        raise RateLimited(
            _("You have sent many comments recently. Please wait a while before sending another.")
        )
    return Comment.objects.create(consultation=consultation, author=actor, text=text, created_at=moment)


def _lock_pending_comment(actor: User, comment: Comment) -> Comment:
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("consultation__agency")
        .get(pk=comment.pk)
    )
    _require_runner(actor, comment.consultation.agency)
    if comment.state != CommentState.PENDING:
        raise InvalidInput(
            _("This comment has already been moderated (%(state)s).")
            % {"state": comment.get_state_display()},
            code="already_moderated",
        )
    return comment


def consultation_comment_approve(
    *, actor: User, comment: Comment, public_text: str | None = None, now: dt.datetime | None = None
) -> Comment:
    """Publish a comment: the citizen's text (or the moderator's edit of it), IINs, phone
    numbers and e-mail addresses masked either way."""
    with transaction.atomic():
        comment = _lock_pending_comment(actor, comment)
        text = require_text(public_text or comment.text, field=_("Comment"), limit=5000)
        comment.public_text = mask_personal_data(text)
        comment.state = CommentState.PUBLISHED
        comment.moderated_at, comment.moderated_by = now or timezone.now(), actor
        comment.save()
    return comment


def consultation_comment_reject(
    *, actor: User, comment: Comment, reason: str, now: dt.datetime | None = None
) -> Comment:
    reason = require_text(reason, field=_("Reason"), limit=1000)
    with transaction.atomic():
        comment = _lock_pending_comment(actor, comment)
        comment.state, comment.moderation_reason = CommentState.REJECTED, reason
        comment.moderated_at, comment.moderated_by = now or timezone.now(), actor
        comment.save()
    return comment


# --- closing and the response ---------------------------------------------------------------------


def response_subject(consultation: Consultation) -> str:
    return f"Public consultation response: {consultation.title}"[:200]


def consultations_close_due(*, now: dt.datetime | None = None) -> int:
    """Close every published consultation whose closing time has passed, registering its response
    obligation; idempotent (a closed one is never taken again), safe in parallel (SKIP LOCKED).
    Run by the deadline sweep (`appeals.signals.sweep_started`). Returns how many closed."""
    moment = now or timezone.now()
    closed = 0
    while True:
        with transaction.atomic():
            consultation = (
                Consultation.objects.due_to_close(moment)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("agency", "region")
                .order_by("closes_at", "id")
                .first()
            )
            if consultation is None:
                return closed
            consultation.response_appeal = appeal_file_duty(
                actor=None,
                agency=consultation.agency,
                region=consultation.region,
                subject=response_subject(consultation),
                text=(
                    f"The public consultation \u201c{consultation.title}\u201d closed on "
                    f"{timezone.localtime(consultation.closes_at):%Y-%m-%d %H:%M}. Publish the response "
                    "(what was heard and what was changed) by answering this appeal from the consultation's "
                    "page in the officials' area: the answer is published on the consultation's public page."
                ),
                term_days=consultation.response_days,
                now=consultation.closes_at,  # the term runs from the closing, however late the sweep
            )
            consultation.closed_at = moment
            consultation.save(update_fields=("response_appeal", "closed_at", "updated_at"))
            closed += 1


def consultation_respond(
    *, actor: User, consultation: Consultation, text: str, now: dt.datetime | None = None
) -> Answer | PendingAnswer:
    """Publish "what we heard and what we changed": the answer to the consultation's response
    obligation, through `appeal_answer` (so the head's approval rule, the one-answer rule and the
    statistics apply as to any appeal). The public page shows it once the answer is sent."""
    text = require_text(text, field=_("Response"))
    _require_runner(actor, consultation.agency)
    consultation = Consultation.objects.select_related("response_appeal").get(pk=consultation.pk)
    if consultation.response_appeal is None:
        raise IllegalTransition(
            _("The response is published after the consultation has closed."), code="not_closed"
        )
    return appeal_answer(actor=actor, appeal=consultation.response_appeal, text=text, now=now)
