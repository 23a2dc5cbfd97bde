"""A citizen's complaint about an answer or about its lateness: a new complaint appeal, linked to
the original (`complaint_about`), filed with the oversight body of the agency that handled it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals.calendar import local_date
from appeals.models import Appeal, AppealEvent, AppealStatus, AppealType, EventKind
from appeals.services.common import require_owner, require_text
from appeals.services.filing import appeal_file
from appeals.transitions import lock_appeal, record_event
from officials.models import Agency
from officials.selectors import national_oversight, oversight_body
from portal.accounts.models import User
from portal.domain_errors import InvalidInput

ABOUT_ANSWER = "answer"
ABOUT_LATENESS = "lateness"
COMPLAINT_ABOUT = (ABOUT_ANSWER, ABOUT_LATENESS)


def oversight_for(agency: Agency) -> Agency:
    """Where a complaint about `agency` goes (`officials.selectors.oversight_body`), or a clear
    refusal when there is nobody to send it to."""
    body = oversight_body(agency, national_oversight())
    if body is None:
        raise InvalidInput(
            _("There is no superior body to send a complaint to. Please contact the portal."),
            code="no_oversight",
        )
    return body


def answered_late(appeal: Appeal, today: dt.date) -> bool:
    if appeal.answered_on is not None:
        return appeal.answered_on > appeal.due_on
    return appeal.status in (AppealStatus.REGISTERED, AppealStatus.ASSIGNED) and (
        appeal.overdue_since is not None or today > appeal.due_on
    )


def complaint_problem(appeal: Appeal, about: str, today: dt.date) -> str | None:
    """Why a complaint `about` this appeal cannot be filed now, or None."""
    if about == ABOUT_ANSWER:
        if appeal.answered_at is None or appeal.status not in (AppealStatus.ANSWERED, AppealStatus.CLOSED):
            return _("You can complain about an answer once the agency has answered.")
        return None
    if about == ABOUT_LATENESS:
        if not answered_late(appeal, today):
            return _("You can complain about lateness only when the answer is overdue or came late.")
        return None
    return _("Say what the complaint is about: the answer or its lateness.")


def appeal_complain(
    *,
    actor: User,
    appeal: Appeal,
    about: str,
    text: str,
    uploads: Sequence[UploadedFile] = (),
    now: dt.datetime | None = None,
) -> Appeal:
    """File a complaint appeal with the oversight body; one per appeal and subject of complaint."""
    text = require_text(text, field=_("Complaint"))
    moment = now or timezone.now()
    with transaction.atomic():
        appeal = lock_appeal(appeal.pk)
        require_owner(actor, appeal)
        problem = complaint_problem(appeal, about, local_date(moment))
        if problem:
            raise InvalidInput(problem, code="complaint_not_possible")
        already = AppealEvent.objects.filter(
            appeal=appeal, kind=EventKind.COMPLAINT_FILED, data__about=about
        ).exists()
        if already:
            raise InvalidInput(
                _("You have already complained about this. Follow that complaint in My appeals."),
                code="complaint_exists",
            )
        body = oversight_for(appeal.agency)
        if about == ABOUT_ANSWER:
            subject = _("Complaint about the answer to appeal %(number)s")
        else:
            subject = _("Complaint about the late answer to appeal %(number)s")
        complaint = appeal_file(
            actor=actor,
            appeal_type=AppealType.COMPLAINT,
            agency=body,
            region=appeal.region,
            subject=(subject % {"number": appeal.tracking_number})[:200],
            text=text,
            channel=appeal.channel,
            complaint_about=appeal,
            uploads=uploads,
            now=moment,
        )
        record_event(
            appeal,
            kind=EventKind.COMPLAINT_FILED,
            actor=actor,
            data={
                "about": about,
                "tracking_number": complaint.tracking_number,
                "to_agency": body.slug,
            },
            at=moment,
        )
    return complaint
