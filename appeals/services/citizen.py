"""What the citizen does to an appeal after filing it: clarify, withdraw, rate the answer."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals.calendar import WorkingCalendar, local_date
from appeals.deadlines import resume_clock, schedule_next_action
from appeals.models import Appeal, AppealStatus, EventKind
from appeals.notifications import notify
from appeals.services.common import handlers_to_tell, require_owner, require_text
from appeals.transitions import lock_appeal, record_event, transition
from portal.accounts.models import User
from portal.domain_errors import InvalidInput


def appeal_clarify(*, actor: User, appeal: Appeal, text: str, now: dt.datetime | None = None) -> Appeal:
    """The citizen's answer to a clarification request restarts the clock; the due date moves
    by the working days it was paused."""
    text = require_text(text, field=_("Clarification"))
    with transaction.atomic():
        appeal = lock_appeal(appeal.pk)
        require_owner(actor, appeal)
        if appeal.status != AppealStatus.AWAITING_CLARIFICATION or appeal.paused_on is None:
            raise InvalidInput(_("Nobody is waiting for a clarification of this appeal."))
        calendar = WorkingCalendar.load()
        today = local_date(now or timezone.now())
        paused_on = appeal.paused_on
        paused_days = resume_clock(appeal, today=today, calendar=calendar)
        resumed = AppealStatus.ASSIGNED if appeal.assignee_id else AppealStatus.REGISTERED
        appeal.status = resumed  # the schedule depends on the status being resumed
        schedule_next_action(appeal, calendar)
        appeal.status = AppealStatus.AWAITING_CLARIFICATION
        transition(
            appeal,
            to=resumed,
            actor=actor,
            kind=EventKind.CLARIFICATION_RECEIVED,
            note=text,
            data={
                "paused_on": paused_on.isoformat(),
                "resumed_on": today.isoformat(),
                "paused_working_days": paused_days,
                "due_on": appeal.due_on.isoformat(),
            },
            update_fields=("due_on", "paused_on", "next_action", "next_action_at"),
            at=now,
        )
        notify(users=handlers_to_tell(appeal), kind="clarification_received", appeal=appeal)
    return appeal


def appeal_withdraw(*, actor: User, appeal: Appeal, now: dt.datetime | None = None) -> Appeal:
    with transaction.atomic():
        appeal = lock_appeal(appeal.pk)
        require_owner(actor, appeal)
        appeal.next_action, appeal.next_action_at = "", None
        transition(
            appeal,
            to=AppealStatus.WITHDRAWN,
            actor=actor,
            kind=EventKind.WITHDRAWN,
            update_fields=("next_action", "next_action_at"),
            at=now,
        )
        notify(users=handlers_to_tell(appeal), kind="withdrawn", appeal=appeal)
    return appeal


def appeal_rate(
    *, actor: User, appeal: Appeal, rating: int, resolved: bool, now: dt.datetime | None = None
) -> Appeal:
    """The citizen rates the answer 1-5; rating closes the appeal."""
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidInput(_("A rating is a whole number from 1 to 5."), code="rating")
    with transaction.atomic():
        appeal = lock_appeal(appeal.pk)
        require_owner(actor, appeal)
        if appeal.status != AppealStatus.ANSWERED:
            raise InvalidInput(_("Only an answered appeal can be rated, and only once."), code="not_answered")
        appeal.rating, appeal.rating_resolved = rating, resolved
        appeal.rated_at = now or timezone.now()
        appeal.closed_at = appeal.rated_at
        record_event(
            appeal,
            kind=EventKind.RATED,
            actor=actor,
            data={"rating": rating, "resolved": resolved},
            at=appeal.rated_at,
        )
        transition(
            appeal,
            to=AppealStatus.CLOSED,
            actor=actor,
            kind=EventKind.CLOSED,
            update_fields=("rating", "rating_resolved", "rated_at", "closed_at"),
            at=appeal.rated_at,
        )
    return appeal
