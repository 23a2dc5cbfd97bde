"""An agency's work on an appeal: assign, answer, reject, internal notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appeals.answer_text import fill_placeholders
from appeals.calendar import local_date
from appeals.language import appeal_language, language_name
from appeals.models import Answer, AnswerDraft, Appeal, AppealStatus, Attachment, EventKind, PendingAnswer
from appeals.notifications import notify
from appeals.register.changes import RegisterChange, register_changed
from appeals.services.approval_policy import hand_in_for_approval, needs_approval
from appeals.services.common import require_handler, require_text, store_attachments
from appeals.transitions import lock_appeal, record_event, transition
from officials.models import Official
from portal.accounts.models import User
from portal.domain_errors import IllegalTransition, InvalidInput


class RejectionReason(models.TextChoices):
    """The law's grounds for leaving an appeal without consideration."""

    ANONYMOUS = "anonymous", gettext_lazy("the author cannot be identified")
    ABUSIVE = "abusive", gettext_lazy("abusive or obscene language")
    DUPLICATE = "duplicate", gettext_lazy("repeats an appeal already answered")
    OUT_OF_SCOPE = "out_of_scope", gettext_lazy("not a matter for the portal")


def appeal_assign(
    *, actor: User, appeal: Appeal, assignee: Official, now: dt.datetime | None = None
) -> Appeal:
    with transaction.atomic():
        appeal = lock_appeal(appeal.pk)
        require_handler(actor, appeal)
        if assignee.agency_id != appeal.agency_id or not assignee.is_active:
            raise InvalidInput(
                _("Appeals can only be assigned to an active official of %(agency)s.")
                % {"agency": appeal.agency.name},
                code="assignee",
            )
        appeal.assignee = assignee
        transition(
            appeal,
            to=AppealStatus.ASSIGNED,
            actor=actor,
            kind=EventKind.ASSIGNED,
            data={"assignee": assignee.user.email},
            update_fields=("assignee",),
            at=now,
        )
        notify(users=[assignee.user], kind="assigned", appeal=appeal)
    return appeal


def appeal_answer(
    *,
    actor: User,
    appeal: Appeal,
    text: str,
    uploads: Sequence[UploadedFile] = (),
    further: bool = False,
    language: str = "",
    language_confirmed: bool = False,
    register_withhold_text: bool = False,
    register_withhold_files: bool = False,
    now: dt.datetime | None = None,
) -> Answer | PendingAnswer:
    """Send the answer — or, where the agency requires the head's approval of officers'
    answers, hand it in for approval (`appeals.services.approval`). An answer is final: another
    one follows only when asked for explicitly (`further=True`), so a resubmitted form, a retried
    API call or two requests at once never answer twice — the check runs under the row lock.

    `language` is the language the answer is written in; one other than the appeal's is refused
    unless `language_confirmed`. Placeholders (`appeals.answer_text`) are filled for the appeal.

    For an appeal the citizen asked to publish, `register_withhold_text` keeps the answer (and its
    files) out of the public register, `register_withhold_files` only its files: the official
    marks what carries personal data."""
    text = require_text(text, field=_("Answer"))
    with transaction.atomic():
        appeal = lock_appeal(appeal.pk)
        return answer_locked(
            actor=actor,
            appeal=appeal,
            text=text,
            uploads=uploads,
            further=further,
            language=language,
            language_confirmed=language_confirmed,
            register_withhold_text=register_withhold_text,
            register_withhold_files=register_withhold_files,
            now=now,
        )


def answer_locked(
    *,
    actor: User,
    appeal: Appeal,
    text: str,
    uploads: Sequence[UploadedFile] = (),
    further: bool = False,
    language: str = "",
    language_confirmed: bool = False,
    register_withhold_text: bool = False,
    register_withhold_files: bool = False,
    now: dt.datetime | None = None,
) -> Answer | PendingAnswer:
    """`appeal_answer` for an appeal the caller has already locked (a group answer locks its
    appeals together, in the documented order, before answering each)."""
    require_handler(actor, appeal)
    require_answerable(appeal, further=further)
    if language and language != appeal_language(appeal) and not language_confirmed:
        raise InvalidInput(
            _(
                "The appeal is written in %(appeal)s and the answer in %(answer)s. Confirm that "
                "the citizen should receive an answer in %(answer)s."
            )
            % {"appeal": language_name(appeal_language(appeal)), "answer": language_name(language)},
            code="language_mismatch",
        )
    moment = now or timezone.now()
    filled = fill_placeholders(text, appeal, now=moment)
    if needs_approval(actor, appeal):
        return hand_in_for_approval(
            actor=actor,
            appeal=appeal,
            text=filled,
            uploads=uploads,
            further=further,
            language=language,
            register_withheld=register_withhold_text,
            at=moment,
        )
    return send_answer(
        appeal=appeal,
        author=actor,
        text=filled,
        uploads=uploads,
        at=moment,
        register_withhold_text=register_withhold_text,
        register_withhold_files=register_withhold_files,
    )


def require_answerable(appeal: Appeal, *, further: bool) -> None:
    """Under the row lock: one answer unless a further one is asked for; none while an answer
    waits for approval (the approver decides on that one first)."""
    if appeal.answered_at is not None and not further:
        raise IllegalTransition(
            _("This appeal was already answered on %(when)s. To add to it, send a further answer.")
            % {"when": formats.date_format(timezone.localtime(appeal.answered_at), "DATETIME_FORMAT")},
            code="already_answered",
        )
    if PendingAnswer.objects.filter(appeal=appeal, status=PendingAnswer.Status.PENDING).exists():
        raise IllegalTransition(
            _("An answer to this appeal is awaiting approval: it has to be approved or returned first."),
            code="awaiting_approval",
        )


def send_answer(
    *,
    appeal: Appeal,
    author: User,
    text: str,
    uploads: Sequence[UploadedFile] = (),
    at: dt.datetime,
    approved_by: User | None = None,
    register_withhold_text: bool = False,
    register_withhold_files: bool = False,
) -> Answer:
    """The sending itself, for a locked appeal whose answer may go out: the status, the event,
    the answer row, its files, the citizen's notification; the draft is done with."""
    first_answer = appeal.answered_at is None
    if first_answer:
        appeal.answered_at = at
        appeal.answered_on = local_date(at)
    appeal.next_action, appeal.next_action_at = "", None
    data: dict[str, object] = {
        "on_time": appeal.answered_on is not None and appeal.answered_on <= appeal.due_on
    }
    if approved_by is not None:
        data["approved_by"] = approved_by.get_full_name() or approved_by.email
    transition(
        appeal,
        to=AppealStatus.ANSWERED,
        actor=author,
        kind=EventKind.ANSWERED,
        data=data,
        update_fields=("answered_at", "answered_on", "next_action", "next_action_at"),
        at=at,
    )
    answer = Answer.objects.create(
        appeal=appeal, author=author, text=text, sent_at=at, register_withheld=register_withhold_text
    )
    store_attachments(appeal=appeal, uploads=uploads, actor=author, answer=answer)
    if register_withhold_text or register_withhold_files:
        Attachment.objects.filter(answer=answer).update(register_withheld=True)
    register_changed(appeal_id=appeal.pk, kind=RegisterChange.ANSWERED, at=at)
    AnswerDraft.objects.filter(appeal=appeal).delete()
    notify(users=[appeal.citizen], kind="answered", appeal=appeal)
    return answer


def appeal_reject(
    *, actor: User, appeal: Appeal, reason: str, note: str = "", now: dt.datetime | None = None
) -> Appeal:
    if reason not in RejectionReason.values:
        raise InvalidInput(_("Choose a legal reason for leaving the appeal without consideration."))
    label = str(RejectionReason(reason).label)
    explanation = f"{label}. {note.strip()}".strip() if note.strip() else label
    with transaction.atomic():
        appeal = lock_appeal(appeal.pk)
        require_handler(actor, appeal)
        appeal.next_action, appeal.next_action_at = "", None
        transition(
            appeal,
            to=AppealStatus.REJECTED,
            actor=actor,
            kind=EventKind.REJECTED,
            note=explanation,
            data={"reason": reason},
            update_fields=("next_action", "next_action_at"),
            at=now,
        )
        notify(users=[appeal.citizen], kind="rejected", appeal=appeal, extra={"note": explanation})
    return appeal


def appeal_note(*, actor: User, appeal: Appeal, text: str, now: dt.datetime | None = None) -> None:
    """An internal note: part of the trail, never shown to the citizen."""
    text = require_text(text, field=_("Note"))
    with transaction.atomic():
        appeal = lock_appeal(appeal.pk)
        require_handler(actor, appeal)
        record_event(appeal, kind=EventKind.NOTE, actor=actor, note=text, internal=True, at=now)
