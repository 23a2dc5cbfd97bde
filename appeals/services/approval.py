"""The approver's decision on an answer handed in for approval: approve it (it is sent, through
`appeal_answer`'s own sending path, under the appeal's row lock) or return it with a comment
(the text goes back to the officer as the appeal's draft). Every step is an event."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals.models import Answer, AnswerDraft, EventKind, PendingAnswer
from appeals.notifications import notify
from appeals.services.approval_policy import may_approve
from appeals.services.common import require_text
from appeals.services.handling import require_answerable, send_answer
from appeals.transitions import lock_appeal, record_event
from portal.accounts.models import User
from portal.domain_errors import IllegalTransition, NotAllowed


def _lock_pending(actor: User, pending: PendingAnswer) -> PendingAnswer:
    """Lock order: the appeal, then its pending answer."""
    appeal = lock_appeal(pending.appeal_id)
    if not may_approve(actor, appeal):
        raise NotAllowed(
            _("Only the head of the agency or a deputy head may approve answers."), code="approver"
        )
    locked = PendingAnswer.objects.select_for_update().select_related("author").get(pk=pending.pk)
    if locked.status != PendingAnswer.Status.PENDING:
        raise IllegalTransition(
            _("This answer has already been %(decision)s.") % {"decision": locked.get_status_display()},
            code="already_decided",
        )
    locked.appeal = appeal
    return locked


def appeal_answer_approve(*, actor: User, pending: PendingAnswer, now: dt.datetime | None = None) -> Answer:
    """Approve and send. The officer stays the answer's author; the approver is on the events."""
    moment = now or timezone.now()
    with transaction.atomic():
        locked = _lock_pending(actor, pending)
        appeal = locked.appeal
        # Handed in while the appeal was unanswered, so the same rule as any answer applies.
        locked.status = PendingAnswer.Status.APPROVED
        locked.decided_by, locked.decided_at = actor, moment
        locked.save(update_fields=("status", "decided_by", "decided_at"))
        require_answerable(appeal, further=locked.further)
        record_event(
            appeal,
            kind=EventKind.APPROVED,
            actor=actor,
            data={"pending_answer": locked.pk},
            internal=True,
            at=moment,
        )
        answer = send_answer(
            appeal=appeal,
            author=locked.author,
            text=locked.text,
            at=moment,
            approved_by=actor,
            register_withhold_text=locked.register_withheld,
        )
        locked.answer = answer
        locked.save(update_fields=("answer",))
    return answer


def appeal_answer_return(
    *, actor: User, pending: PendingAnswer, comment: str, now: dt.datetime | None = None
) -> PendingAnswer:
    """Return the answer with the approver's comment; the officer finds the text as the draft."""
    comment = require_text(comment, field=_("Comment"), limit=5000)
    moment = now or timezone.now()
    with transaction.atomic():
        locked = _lock_pending(actor, pending)
        appeal = locked.appeal
        locked.status = PendingAnswer.Status.RETURNED
        locked.decided_by, locked.decided_at, locked.comment = actor, moment, comment
        locked.save(update_fields=("status", "decided_by", "decided_at", "comment"))
        AnswerDraft.objects.update_or_create(
            appeal=appeal,
            defaults={
                "author": locked.author,
                "text": locked.text,
                "language": locked.language,
                "saved_at": moment,
            },
        )
        record_event(
            appeal,
            kind=EventKind.APPROVAL_RETURNED,
            actor=actor,
            note=comment,
            data={"pending_answer": locked.pk},
            internal=True,
            at=moment,
        )
        notify(users=[locked.author], kind="approval_returned", appeal=appeal, extra={"note": comment})
    return locked
