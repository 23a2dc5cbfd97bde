"""What the citizen does to an appeal after filing it: clarify, add information, withdraw, rate
the answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals.calendar import WorkingCalendar, local_date
from appeals.deadlines import resume_clock, schedule_next_action
from appeals.models import Appeal, AppealStatus, EventKind
from appeals.models.appeal import UNANSWERED
from appeals.notifications import notify
from appeals.services.common import handlers_to_tell, require_owner, require_text, store_attachments
from appeals.transitions import lock_appeal, record_event, transition
from appeals.uploads import MAX_FILES
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


def appeal_add_information(
    *,
    actor: User,
    appeal: Appeal,
    text: str,
    uploads: Sequence[UploadedFile] = (),
    now: dt.datetime | None = None,
) -> Appeal:
    """The author adds information or files to an appeal that is still open: an event on the
    timeline that the officials handling it see and are told of. The clock is not touched (a
    clarification the agency asked for is `appeal_clarify`, which restarts it)."""
    text = require_text(text, field=_("Additional information"))
    with transaction.atomic():
        appeal = lock_appeal(appeal.pk)
        require_owner(actor, appeal)
        if appeal.status not in UNANSWERED:
            raise InvalidInput(
                _("Information can be added only while the appeal is open, before the answer."),
                code="not_open",
            )
        if uploads and appeal.attachments.filter(answer__isnull=True).count() + len(uploads) > MAX_FILES * 2:
            raise InvalidInput(
                _("This appeal already has as many files as it can take (%(max)d).") % {"max": MAX_FILES * 2},
                code="too_many_files",
            )
        files = store_attachments(appeal=appeal, uploads=uploads, actor=actor)
        record_event(
            appeal,
            kind=EventKind.INFORMATION_ADDED,
            actor=actor,
            note=text,
            data={"files": [kept.pk for kept in files]},
            at=now,
        )
        notify(users=handlers_to_tell(appeal), kind="information_added", appeal=appeal)
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
    *,
    actor: User,
    appeal: Appeal,
    rating: int,
    resolved: bool,
    comment: str = "",
    now: dt.datetime | None = None,
) -> Appeal:
    """The citizen rates the answer 1-5, with an optional comment the officials see (stored as
    typed, like the appeal's text, and escaped wherever it is shown); rating closes the appeal."""
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidInput(_("A rating is a whole number from 1 to 5."), code="rating")
    comment = require_text(comment, field=_("Comment")) if (comment or "").strip() else ""
    with transaction.atomic():
        appeal = lock_appeal(appeal.pk)
        require_owner(actor, appeal)
        if appeal.status != AppealStatus.ANSWERED:
            raise InvalidInput(_("Only an answered appeal can be rated, and only once."), code="not_answered")
        appeal.rating, appeal.rating_resolved, appeal.rating_comment = rating, resolved, comment
        appeal.rated_at = now or timezone.now()
        appeal.closed_at = appeal.rated_at
        record_event(
            appeal,
            kind=EventKind.RATED,
            actor=actor,
            note=comment,
            data={"rating": rating, "resolved": resolved},
            at=appeal.rated_at,
        )
        transition(
            appeal,
            to=AppealStatus.CLOSED,
            actor=actor,
            kind=EventKind.CLOSED,
            update_fields=("rating", "rating_resolved", "rating_comment", "rated_at", "closed_at"),
            at=appeal.rated_at,
        )
    return appeal
