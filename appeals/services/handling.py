"""An agency's work on an appeal: assign, answer, reject, internal notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appeals.calendar import local_date
from appeals.models import Answer, Appeal, AppealStatus, EventKind
from appeals.notifications import notify
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
    now: dt.datetime | None = None,
) -> Answer:
    """Send the answer. An answer is final: another one follows only when asked for explicitly
    (`further=True`), so a resubmitted form, a retried API call or two requests at once never
    answer twice — the check runs under the row lock."""
    text = require_text(text, field=_("Answer"))
    with transaction.atomic():
        appeal = lock_appeal(appeal.pk)
        require_handler(actor, appeal)
        if appeal.answered_at is not None and not further:
            raise IllegalTransition(
                _("This appeal was already answered on %(when)s. To add to it, send a further answer.")
                % {"when": formats.date_format(timezone.localtime(appeal.answered_at), "DATETIME_FORMAT")},
                code="already_answered",
            )
        moment = now or timezone.now()
        first_answer = appeal.answered_at is None
        if first_answer:
            appeal.answered_at = moment
            appeal.answered_on = local_date(moment)
        appeal.next_action, appeal.next_action_at = "", None
        transition(
            appeal,
            to=AppealStatus.ANSWERED,
            actor=actor,
            kind=EventKind.ANSWERED,
            data={"on_time": appeal.answered_on is not None and appeal.answered_on <= appeal.due_on},
            update_fields=("answered_at", "answered_on", "next_action", "next_action_at"),
            at=moment,
        )
        answer = Answer.objects.create(appeal=appeal, author=actor, text=text, sent_at=moment)
        store_attachments(appeal=appeal, uploads=uploads, actor=actor, answer=answer)
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
