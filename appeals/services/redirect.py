"""Redirecting an appeal to the competent agency: a fresh registration and deadline there."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals.calendar import WorkingCalendar, local_date
from appeals.deadlines import apply_policy, policy_for, redirect_deadline, register, schedule_next_action
from appeals.models import Appeal, AppealStatus, Attachment, EventKind
from appeals.notifications import notify
from appeals.services.common import require_handler, require_text
from appeals.services.publication import publication_follow_redirect
from appeals.signals import appeal_redirected
from appeals.stats.rollups import rollup
from appeals.tracking import next_tracking_number
from appeals.transitions import lock_appeal, record_event, transition
from officials.models import Agency
from portal.accounts.models import User
from portal.domain_errors import InvalidInput


def appeal_redirect(
    *, actor: User, appeal: Appeal, to_agency: Agency, reason: str, now: dt.datetime | None = None
) -> Appeal:
    """Close `appeal` as redirected and register its copy at `to_agency`; returns the copy."""
    reason = require_text(reason, field=_("Reason"), limit=2000)
    moment = now or timezone.now()
    with transaction.atomic():
        appeal = lock_appeal(appeal.pk)
        require_handler(actor, appeal)
        if to_agency.pk == appeal.agency_id:
            raise InvalidInput(_("The appeal is already with this agency."), code="same_agency")
        if not to_agency.is_active:
            raise InvalidInput(_("This agency does not accept appeals."), code="addressee")
        calendar = WorkingCalendar.load()
        on_time_until = redirect_deadline(appeal, calendar)
        late = local_date(moment) > on_time_until
        policy = policy_for(appeal.appeal_type)
        registration = register(submitted_at=moment, policy=policy, calendar=calendar)
        successor = Appeal(
            tracking_number=next_tracking_number(registration.registered_on.year),
            appeal_type=appeal.appeal_type,
            channel=appeal.channel,
            citizen=appeal.citizen,
            agency=to_agency,
            deputy=None,
            region=appeal.region,
            subject=appeal.subject,
            text=appeal.text,
            submitted_at=appeal.submitted_at,
            **registration.appeal_fields(),
            redirected_from=appeal,
            complaint_about=appeal.complaint_about,
        )
        apply_policy(successor, policy)
        schedule_next_action(successor, calendar)
        successor.save()
        rollup.record_created(successor)
        # The citizen's files go with the appeal (same stored files, new rows).
        Attachment.objects.bulk_create(
            Attachment(
                appeal=successor,
                file=a.file.name,
                original_name=a.original_name,
                content_type=a.content_type,
                size=a.size,
                uploaded_by=a.uploaded_by,
            )
            for a in appeal.attachments.filter(answer__isnull=True)
        )
        appeal.next_action, appeal.next_action_at = "", None
        transition(
            appeal,
            to=AppealStatus.REDIRECTED,
            actor=actor,
            kind=EventKind.REDIRECTED,
            note=reason,
            data={
                "to_agency": to_agency.slug,
                "tracking_number": successor.tracking_number,
                "late": late,
                "redirect_deadline": on_time_until.isoformat(),
            },
            update_fields=("next_action", "next_action_at"),
            at=moment,
        )
        record_event(
            successor,
            kind=EventKind.REDIRECT_RECEIVED,
            actor=actor,
            to_status=AppealStatus.REGISTERED,
            note=reason,
            data={
                "from_agency": appeal.agency.slug,
                "from_tracking_number": appeal.tracking_number,
                "due_on": successor.due_on.isoformat(),
            },
            at=moment,
        )
        appeal_redirected.send(sender=Appeal, appeal=appeal, successor=successor)
        publication_follow_redirect(appeal=appeal, successor=successor)
        notify(
            users=[appeal.citizen],
            kind="redirected",
            appeal=appeal,
            extra={"target": to_agency.name, "note": reason},
        )
    return successor
