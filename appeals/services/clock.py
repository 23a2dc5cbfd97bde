"""Operations on the legal clock that the agency starts: extensions and clarification requests."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from appeals.backoffice.scope import can_extend
from appeals.calendar import WorkingCalendar, local_date
from appeals.deadlines import schedule_next_action, within_extension_cap
from appeals.models import Appeal, AppealStatus, EventKind
from appeals.models.appeal import CLOCK_RUNNING
from appeals.notifications import notify
from appeals.services.common import require_handler, require_text
from appeals.stats.rollups import rollup
from appeals.transitions import lock_appeal, record_event, transition
from portal.accounts.models import User
from portal.domain_errors import InvalidInput, NotAllowed


def appeal_extend(
    *, actor: User, appeal: Appeal, until: dt.date, reason: str, now: dt.datetime | None = None
) -> Appeal:
    """The head's reasoned extension, to at most the cap from registration; the citizen is told."""
    reason = require_text(reason, field=_("Reason"), limit=2000)
    with transaction.atomic():
        appeal = lock_appeal(appeal.pk)
        if not can_extend(actor, appeal):
            raise NotAllowed(_("Only the head of the agency may extend the term."), code="head_only")
        if appeal.status not in CLOCK_RUNNING:
            raise InvalidInput(
                _("The term can only be extended while the appeal waits for an answer."),
                code="not_running",
            )
        today = local_date(now or timezone.now())
        if appeal.escalation_level > 0 or today > appeal.due_on:
            raise InvalidInput(_("The term has already run out; it can no longer be extended."))
        if until <= appeal.due_on:
            raise InvalidInput(
                _("The new due date must be later than the current one (%(due)s).")
                % {"due": formats.date_format(appeal.due_on)},
                code="not_later",
            )
        if not within_extension_cap(appeal, until):
            raise InvalidInput(
                _(
                    "The term can be extended to %(limit)s at the latest "
                    "(%(months)d months from registration)."
                )
                % {
                    "limit": formats.date_format(appeal.extension_limit_on),
                    "months": appeal.extension_months,
                },
                code="beyond_cap",
            )
        calendar = WorkingCalendar.load()
        if not calendar.is_working_day(until):
            raise InvalidInput(_("The new due date must be a working day."), code="day_off")
        previous = appeal.due_on
        appeal.due_on = until
        appeal.extended = True
        appeal.reminder_sent_at = None
        schedule_next_action(appeal, calendar)
        appeal.save(
            update_fields=(
                "due_on",
                "extended",
                "reminder_sent_at",
                "next_action",
                "next_action_at",
                "updated_at",
            )
        )
        rollup.record_change(appeal)
        record_event(
            appeal,
            kind=EventKind.EXTENDED,
            actor=actor,
            note=reason,
            data={"from": previous.isoformat(), "until": until.isoformat()},
            at=now,
        )
        notify(users=[appeal.citizen], kind="extended", appeal=appeal, extra={"note": reason})
    return appeal


def appeal_request_clarification(
    *, actor: User, appeal: Appeal, question: str, now: dt.datetime | None = None
) -> Appeal:
    """Ask the citizen for more; the clock pauses until the citizen answers."""
    question = require_text(question, field=_("Question"), limit=5000)
    with transaction.atomic():
        appeal = lock_appeal(appeal.pk)
        require_handler(actor, appeal)
        appeal.paused_on = local_date(now or timezone.now())
        appeal.next_action, appeal.next_action_at = "", None
        transition(
            appeal,
            to=AppealStatus.AWAITING_CLARIFICATION,
            actor=actor,
            kind=EventKind.CLARIFICATION_REQUESTED,
            note=question,
            data={"paused_on": appeal.paused_on.isoformat()},
            update_fields=("paused_on", "next_action", "next_action_at"),
            at=now,
        )
        notify(
            users=[appeal.citizen], kind="clarification_requested", appeal=appeal, extra={"note": question}
        )
    return appeal
