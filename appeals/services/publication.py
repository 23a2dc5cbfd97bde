"""Publication of appeals in the public register: the citizen's opt-in on filing, the agency's
moderation (publish, with more masked; or refuse on a legal ground), the citizen's withdrawal.

Every service runs in one transaction under the appeal's row lock (`lock_appeal`), then the
publication's (lock order in `appeals.services`: the appeal, its blog question, its publication,
its answer awaiting approval), writes an `AppealEvent`, tells the citizen through the outbox, and
reports what the public can now see to `appeals.register.changes.register_changed`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals.backoffice.scope import can_handle
from appeals.models import Appeal, EventKind, Publication, PublicationState, RefusalGround
from appeals.notifications import notify
from appeals.register.changes import RegisterChange, register_changed
from appeals.register.masking import mask_for_register
from appeals.transitions import lock_appeal, record_event
from officials.models import Official
from portal.accounts.models import User
from portal.domain_errors import IllegalTransition, InvalidInput, NotAllowed

MAX_HIDDEN_PHRASES = 50


def _lock_publication(publication: Publication) -> tuple[Appeal, Publication]:
    """The appeal, then its publication, locked. A redirect committed in between moves the
    publication to the successor; the loop then locks that appeal instead."""
    while True:
        appeal_id = Publication.objects.values_list("appeal_id", flat=True).get(pk=publication.pk)
        appeal = lock_appeal(appeal_id)
        locked = Publication.objects.select_for_update().get(pk=publication.pk)
        if locked.appeal_id == appeal_id:
            return appeal, locked


def _require_moderator(actor: User, appeal: Appeal) -> None:
    if not can_handle(actor, appeal):
        raise NotAllowed(
            _("Only the officials of the agency that holds this appeal may moderate its publication.")
        )


def _require_pending(publication: Publication) -> None:
    if publication.state != PublicationState.PENDING:
        raise IllegalTransition(
            _("This publication has already been decided (%(state)s).")
            % {"state": publication.get_state_display()},
            code="already_moderated",
        )


def publication_request_locked(*, actor: User, appeal: Appeal, at: dt.datetime) -> Publication:
    """For an appeal being filed (`appeal_file(publish=True)`, its transaction and lock): the
    citizen's request, masked at once, waiting for the agency's moderation."""
    name = appeal.citizen.full_name
    publication = Publication.objects.create(
        appeal=appeal,
        public_subject=mask_for_register(appeal.subject, citizen_name=name)[:200],
        public_text=mask_for_register(appeal.text, citizen_name=name),
        requested_at=at,
        changed_at=at,
    )
    record_event(appeal, kind=EventKind.PUBLICATION_REQUESTED, actor=actor, at=at)
    moderators = [
        o.user for o in Official.objects.active().filter(agency=appeal.agency).select_related("user")
    ]
    notify(users=moderators, kind="publication_moderation", appeal=appeal)
    return publication


def _hidden_phrases(phrases: Sequence[str]) -> list[str]:
    cleaned = [p.strip() for p in phrases if p and p.strip()]
    if len(cleaned) > MAX_HIDDEN_PHRASES:
        raise InvalidInput(
            _("Hide at most %(limit)d words or phrases at once.") % {"limit": MAX_HIDDEN_PHRASES},
            code="hidden_phrases",
        )
    if any(len(p) > 200 for p in cleaned):
        raise InvalidInput(_("A hidden phrase may be at most 200 characters long."), code="hidden_phrases")
    return cleaned


def publication_preview(*, appeal: Appeal, hidden_phrases: Sequence[str] = ()) -> tuple[str, str]:
    """The subject and text as they would be published with `hidden_phrases` hidden (the
    moderation form's preview); raises InvalidInput for a bad list."""
    phrases = _hidden_phrases(hidden_phrases)
    name = appeal.citizen.full_name
    return (
        mask_for_register(appeal.subject, citizen_name=name, hidden_phrases=phrases)[:200],
        mask_for_register(appeal.text, citizen_name=name, hidden_phrases=phrases),
    )


def publication_approve(
    *,
    actor: User,
    publication: Publication,
    hidden_phrases: Sequence[str] = (),
    withhold_answers: Sequence[int] = (),
    now: dt.datetime | None = None,
) -> Publication:
    """Publish: the citizen's words with personal data masked and `hidden_phrases` hidden as
    well (the official may mask more, never rewrite); answers already sent whose ids are in
    `withhold_answers` stay out of the register."""
    phrases = _hidden_phrases(hidden_phrases)
    moment = now or timezone.now()
    with transaction.atomic():
        appeal, publication = _lock_publication(publication)
        _require_moderator(actor, appeal)
        _require_pending(publication)
        publication.public_subject, publication.public_text = publication_preview(
            appeal=appeal, hidden_phrases=phrases
        )
        publication.hidden_phrases = phrases
        publication.state = PublicationState.PUBLISHED
        publication.published_at = publication.moderated_at = publication.changed_at = moment
        publication.moderated_by = actor
        publication.save()
        if withhold_answers:
            appeal.answers.filter(pk__in=list(withhold_answers)).update(register_withheld=True)
            appeal.attachments.filter(answer_id__in=list(withhold_answers)).update(register_withheld=True)
        record_event(
            appeal,
            kind=EventKind.PUBLICATION_APPROVED,
            actor=actor,
            data={"hidden": len(phrases), "withheld_answers": sorted(withhold_answers)},
            at=moment,
        )
        notify(users=[appeal.citizen], kind="publication_published", appeal=appeal)
        register_changed(appeal_id=appeal.pk, kind=RegisterChange.PUBLISHED, at=moment)
    return publication


def publication_refuse(
    *, actor: User, publication: Publication, ground: str, note: str = "", now: dt.datetime | None = None
) -> Publication:
    """Refuse publication on a legal ground (`RefusalGround`); the appeal itself goes on."""
    if ground not in RefusalGround.values:
        raise InvalidInput(_("Choose the legal ground for refusing publication."), code="ground")
    note = note.strip()[:2000]
    moment = now or timezone.now()
    with transaction.atomic():
        appeal, publication = _lock_publication(publication)
        _require_moderator(actor, appeal)
        _require_pending(publication)
        publication.state = PublicationState.REFUSED
        publication.refusal_ground, publication.refusal_note = ground, note
        publication.moderated_at, publication.moderated_by = moment, actor
        publication.save()
        label = str(RefusalGround(ground).label)
        explanation = f"{label}. {note}" if note else label
        record_event(
            appeal,
            kind=EventKind.PUBLICATION_REFUSED,
            actor=actor,
            note=explanation,
            data={"ground": ground},
            at=moment,
        )
        notify(users=[appeal.citizen], kind="publication_refused", appeal=appeal, extra={"note": explanation})
    return publication


def publication_withdraw(
    *, actor: User, publication: Publication, now: dt.datetime | None = None
) -> Publication:
    """The citizen takes the appeal out of the register (or out of the moderation queue): it is
    gone from every public page, feed and search at once. Not reversible."""
    moment = now or timezone.now()
    with transaction.atomic():
        appeal, publication = _lock_publication(publication)
        if appeal.citizen_id != actor.pk:
            raise NotAllowed(_("Only the citizen who filed this appeal may withdraw its publication."))
        if publication.state not in (PublicationState.PENDING, PublicationState.PUBLISHED):
            raise IllegalTransition(
                _("This appeal is not in the register (%(state)s).")
                % {"state": publication.get_state_display()},
                code="not_published",
            )
        was_live = publication.state == PublicationState.PUBLISHED
        publication.state = PublicationState.WITHDRAWN
        publication.withdrawn_at = moment
        publication.search_document = None
        publication.save()
        record_event(appeal, kind=EventKind.PUBLICATION_WITHDRAWN, actor=actor, at=moment)
        if was_live:
            register_changed(appeal_id=appeal.pk, kind=RegisterChange.WITHDRAWN, at=moment)
    return publication


def publication_follow_redirect(*, appeal: Appeal, successor: Appeal) -> None:
    """For `appeal_redirect` (both appeals locked): the publication moves to the appeal at the
    competent agency, so the register follows it; a pending one waits for that agency's
    moderators instead."""
    publication = Publication.objects.select_for_update().filter(appeal=appeal).first()
    if publication is None:
        return
    publication.appeal = successor
    publication.save(update_fields=("appeal",))
    if publication.state == PublicationState.PENDING:
        moderators = [
            o.user for o in Official.objects.active().filter(agency=successor.agency).select_related("user")
        ]
        notify(users=moderators, kind="publication_moderation", appeal=successor)
