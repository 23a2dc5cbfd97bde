"""Duplicate appeals: linking two appeals of one agency about the same matter, and one answer
sent to a linked group — each citizen gets their own answer, event, e-mail and statistics entry,
through `appeal_answer`'s path for each appeal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals.models import Answer, Appeal, AppealLink, EventKind, PendingAnswer
from appeals.models.appeal import UNANSWERED
from appeals.services.common import require_handler, require_text
from appeals.services.handling import answer_locked
from appeals.transitions import lock_appeal, record_event
from portal.accounts.models import User
from portal.domain_errors import DomainError, InvalidInput


def lock_appeals(ids: Sequence[int]) -> list[Appeal]:
    """Several appeals locked in one transaction, always in ascending id order (the lock-order
    rule in `appeals.services`), so two group answers that overlap never deadlock."""
    return [lock_appeal(pk) for pk in sorted(set(ids))]


def linked_ids(appeal_id: int) -> set[int]:
    rows = AppealLink.objects.filter(appeal_id=appeal_id).values_list("other_id", flat=True)
    back = AppealLink.objects.filter(other_id=appeal_id).values_list("appeal_id", flat=True)
    return set(rows) | set(back)


def appeal_link(*, actor: User, appeal: Appeal, other: Appeal, now: dt.datetime | None = None) -> AppealLink:
    """Link two open appeals of the same agency as duplicates; an event on each."""
    if appeal.pk == other.pk:
        raise InvalidInput(_("An appeal cannot be linked to itself."), code="same_appeal")
    moment = now or timezone.now()
    with transaction.atomic():
        first, second = lock_appeals([appeal.pk, other.pk])
        for one in (first, second):
            require_handler(actor, one)
        if first.agency_id != second.agency_id:
            raise InvalidInput(_("Only appeals held by the same agency can be linked."), code="other_agency")
        if first.status not in UNANSWERED or second.status not in UNANSWERED:
            raise InvalidInput(_("Only appeals still waiting for an answer can be linked."), code="not_open")
        link, created = AppealLink.objects.get_or_create(
            appeal=first, other=second, defaults={"created_by": actor}
        )
        if created:
            for one, two in ((first, second), (second, first)):
                record_event(
                    one,
                    kind=EventKind.LINKED,
                    actor=actor,
                    data={"tracking_number": two.tracking_number},
                    internal=True,
                    at=moment,
                )
    return link


def appeal_answer_group(
    *,
    actor: User,
    appeal: Appeal,
    others: Sequence[Appeal],
    text: str,
    language: str = "",
    language_confirmed: bool = False,
    register_withhold_text: bool = False,
    now: dt.datetime | None = None,
) -> list[Answer | PendingAnswer]:
    """One answer to `appeal` and to linked appeals `others`: all appeals locked first, then each
    answered (or handed in for approval) by the rules of a single answer, placeholders filled
    for each citizen. All or nothing: one refusal sends none."""
    text = require_text(text, field=_("Answer"))
    moment = now or timezone.now()
    with transaction.atomic():
        locked = {a.pk: a for a in lock_appeals([appeal.pk, *(o.pk for o in others)])}
        linked = linked_ids(appeal.pk)
        stray = [locked[o.pk].tracking_number for o in others if o.pk not in linked]
        if stray:
            raise InvalidInput(
                _("These appeals are not linked to %(number)s: %(numbers)s.")
                % {"number": locked[appeal.pk].tracking_number, "numbers": ", ".join(stray)},
                code="not_linked",
            )
        results: list[Answer | PendingAnswer] = []
        for pk in sorted(locked):
            one = locked[pk]
            try:
                results.append(
                    answer_locked(
                        actor=actor,
                        appeal=one,
                        text=text,
                        language=language,
                        language_confirmed=language_confirmed,
                        register_withhold_text=register_withhold_text,
                        now=moment,
                    )
                )
            except DomainError as error:
                raise type(error)(f"{one.tracking_number}: {error}", code=error.code) from error
    return results
