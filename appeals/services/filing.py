"""Filing an appeal: registration on a working day, a tracking number, the clock started.

Nothing here waits for another filing: the tracking number is a sequence value (no lock), the
files go to storage before the one shared row (the statistics rollup of this agency, region,
type, channel and day) is touched."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals.calendar import WorkingCalendar
from appeals.deadlines import apply_policy, policy_for, register, schedule_next_action
from appeals.models import Appeal, AppealStatus, AppealType, Channel, DeadlinePolicy, EventKind
from appeals.notifications import notify
from appeals.services.common import require_text, store_attachments
from appeals.services.publication import publication_request_locked
from appeals.stats.rollups import rollup
from appeals.tracking import next_tracking_number
from appeals.transitions import record_event
from officials.models import Agency, Deputy, Region
from portal.accounts.models import CitizenProfile, User
from portal.domain_errors import InvalidInput, NotAllowed


def _anonymous() -> NotAllowed:
    return NotAllowed(_("Anonymous appeals are not considered: please sign in."))


def _profile_incomplete() -> NotAllowed:
    return NotAllowed(
        _("The law requires your full name, IIN and postal address before an appeal can be filed."),
        code="profile_incomplete",
    )


def require_complete_profile(actor: User) -> None:
    if not actor.is_authenticated or not actor.is_active:
        raise _anonymous()
    profile = CitizenProfile.objects.filter(user=actor).select_related("user").first()
    if profile is None or not profile.is_complete:
        raise _profile_incomplete()


def require_verified_citizen(actor: User) -> None:
    """The account, read afresh in one query (not the caller's possibly stale object): active,
    its profile complete (full name, IIN, postal address) and its e-mail address confirmed (the
    answer is sent there)."""
    if not actor.is_authenticated or not actor.is_active:
        raise _anonymous()
    found = (
        CitizenProfile.objects.filter(user_id=actor.pk)
        .values_list("iin", "postal_address", "user__full_name", "user__is_active", "user__email_verified_at")
        .first()
    )
    if found is None or not all(found[:3]):
        raise _profile_incomplete()
    _iin, _address, _name, is_active, verified_at = found
    if not is_active or verified_at is None:
        raise NotAllowed(
            _(
                "Confirm your e-mail address before filing an appeal: open the link we sent to "
                "%(email)s. The answer to your appeal is sent there."
            )
            % {"email": actor.email},
            code="email_unverified",
        )


def _addressee(agency: Agency | None, deputy: Deputy | None) -> tuple[Agency, Deputy | None]:
    if (agency is None) == (deputy is None):
        raise InvalidInput(_("Choose one addressee: an agency or a deputy."), code="addressee")
    if deputy is not None:
        if not deputy.is_active:
            raise InvalidInput(_("This deputy does not accept appeals."), code="addressee")
        return deputy.office, deputy
    assert agency is not None
    if not agency.is_active:
        raise InvalidInput(_("This agency does not accept appeals."), code="addressee")
    return agency, None


def appeal_file(
    *,
    actor: User,
    appeal_type: str,
    region: Region,
    subject: str,
    text: str,
    agency: Agency | None = None,
    deputy: Deputy | None = None,
    channel: str = Channel.WEB,
    uploads: Sequence[UploadedFile] = (),
    complaint_about: Appeal | None = None,
    publish: bool = False,
    now: dt.datetime | None = None,
) -> Appeal:
    """Register an appeal, on any channel (web, API, blog, complaint), for a signed-in citizen
    whose e-mail address is confirmed and whose profile is complete (checked first, inside the
    transaction, with the account read afresh). With `publish` the citizen asks for it to be
    published in the public register (`appeals.services.publication`)."""
    with transaction.atomic():
        require_verified_citizen(actor)
        if appeal_type not in AppealType.values:
            raise InvalidInput(_("Unknown appeal type."), code="appeal_type")
        responsible, deputy = _addressee(agency, deputy)
        subject = require_text(subject, field=_("Subject"), limit=200)
        text = require_text(text, field=_("Text"))
        submitted_at = now or timezone.now()
        calendar = WorkingCalendar.current()
        policy = policy_for(appeal_type)
        appeal = save_registered_appeal(
            policy=policy,
            calendar=calendar,
            submitted_at=submitted_at,
            actor=actor,
            appeal_type=appeal_type,
            channel=channel,
            citizen=actor,
            agency=responsible,
            deputy=deputy,
            region=region,
            subject=subject,
            text=text,
            complaint_about=complaint_about,
        )
        store_attachments(appeal=appeal, uploads=uploads, actor=actor)
        notify(users=[actor], kind="registered", appeal=appeal)
        if publish:
            publication_request_locked(actor=actor, appeal=appeal, at=submitted_at)
        # Last: the rollup row is the one lock this transaction shares (with filings of the same
        # agency, region, type, channel and day); it is held only for the commit, after the
        # files are in storage.
        rollup.record_created(appeal)
    return appeal


def save_registered_appeal(
    *,
    policy: DeadlinePolicy,
    calendar: WorkingCalendar,
    submitted_at: dt.datetime,
    actor: User | None,
    event_data: dict[str, str] | None = None,
    **fields: Any,
) -> Appeal:
    """A new appeal's row and its `registered` event: numbered, registered (the next working day
    if it arrives on a day off) and put on the clock by `policy` and `calendar`. Shared by
    citizens' filings and the portal's own obligations (`appeals.services.duty`); the caller holds
    the transaction and does the rest (files, notifications, the rollup last)."""
    registration = register(submitted_at=submitted_at, policy=policy, calendar=calendar)
    appeal = Appeal(
        tracking_number=next_tracking_number(registration.registered_on.year),
        submitted_at=submitted_at,
        **registration.appeal_fields(),
        **fields,
    )
    apply_policy(appeal, policy)
    schedule_next_action(appeal, calendar)
    appeal.save()
    record_event(
        appeal,
        kind=EventKind.REGISTERED,
        actor=actor,
        to_status=AppealStatus.REGISTERED,
        data={"due_on": appeal.due_on.isoformat(), "agency": appeal.agency.slug, **(event_data or {})},
        at=submitted_at,
    )
    return appeal
