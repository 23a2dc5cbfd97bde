"""Appeals the portal registers itself, for an obligation owed to the public rather than to one
citizen: the response a closed public consultation owes (`blogs.consultations`).

Such an appeal runs on the same clock, sweep, escalation ladder and statistics as any other. Its
"citizen" is the portal's public-participation account (`participation_account`): not a person,
never able to sign in, with the operator's public-participation mailbox as its address
(`DIALOG_PARTICIPATION_EMAIL`), so what the ladder tells "the citizen" (overdue, answered) reaches
the people who follow up on it. The public never sees this account: the consultation's page shows
the response, its due date and whether it came on time."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals.calendar import WorkingCalendar
from appeals.deadlines import policy_for
from appeals.models import Appeal, AppealType, Channel
from appeals.notifications import notify
from appeals.services.common import require_text
from appeals.services.filing import save_registered_appeal
from appeals.stats.rollups import rollup
from officials.models import Agency, Official, Region
from portal.accounts.models import User
from portal.domain_errors import InvalidInput

PARTICIPATION_NAME = "Public consultation participants (Dialog)"
# Channels whose appeals the portal files itself, with no citizen behind them.
DUTY_CHANNELS = (Channel.CONSULTATION,)


def participation_account() -> User:
    """The account public-participation obligations are registered to (created once; inactive,
    no usable password: nobody signs in as it)."""
    email = str(settings.DIALOG_PARTICIPATION_EMAIL).lower()
    found = User.objects.filter(email=email).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            user = User(email=email, full_name=PARTICIPATION_NAME, is_active=False, preferred_language="en")
            user.set_unusable_password()
            user.save()
            return user
    except IntegrityError:  # created at the same moment by another transaction
        return User.objects.get(email=email)


def appeal_file_duty(
    *,
    actor: User | None,
    agency: Agency,
    region: Region,
    subject: str,
    text: str,
    term_days: int,
    channel: str = Channel.CONSULTATION,
    appeal_type: str = AppealType.PROPOSAL,
    now: dt.datetime | None = None,
) -> Appeal:
    """Register an obligation as an appeal to `agency`, due `term_days` working days after
    registration (registered on the next working day if `now` is a day off), the rest of the
    ladder (reminder, level 2, extension cap) from the type's policy. `actor` is who caused it
    (None: the sweep); the appeal's citizen is `participation_account()`."""
    if channel not in DUTY_CHANNELS:
        raise InvalidInput(_("Only the portal's own obligations are registered this way."), code="channel")
    if not 1 <= term_days <= 366:
        raise InvalidInput(_("The term must be between 1 and 366 working days."), code="term_days")
    subject = require_text(subject, field=_("Subject"), limit=200)
    text = require_text(text, field=_("Text"))
    submitted_at = now or timezone.now()
    with transaction.atomic():
        owner = participation_account()
        calendar = WorkingCalendar.load()
        policy = policy_for(appeal_type)
        policy.answer_days = term_days
        appeal = save_registered_appeal(
            policy=policy,
            calendar=calendar,
            submitted_at=submitted_at,
            actor=actor,
            event_data={"channel": channel},
            appeal_type=appeal_type,
            channel=channel,
            citizen=owner,
            agency=agency,
            region=region,
            subject=subject,
            text=text,
        )
        heads = [o.user for o in Official.objects.heads_of(agency).select_related("user")]
        notify(users=heads, kind="consultation_response_due", appeal=appeal)
        rollup.record_created(appeal)
    return appeal
