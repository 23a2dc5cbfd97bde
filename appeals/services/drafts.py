"""The answer being written, saved as the officer types (autosave) or with a button."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals.models import AnswerDraft, Appeal, AppealStatus
from appeals.models.appeal import UNANSWERED
from appeals.services.common import require_handler
from appeals.transitions import lock_appeal
from portal.accounts.models import User
from portal.domain_errors import InvalidInput

ANSWERABLE = (*UNANSWERED, AppealStatus.ANSWERED)


def appeal_draft_save(
    *, actor: User, appeal: Appeal, text: str, language: str = "", now: dt.datetime | None = None
) -> AnswerDraft | None:
    """Keep the draft of the appeal's answer (one per appeal: the last writer's); an empty text
    removes it. Under the row lock, so a draft never outlives the answer that was sent."""
    if len(text) > settings.DIALOG_APPEAL_TEXT_MAX:
        raise InvalidInput(_("The draft is too long."), code="too_long")
    with transaction.atomic():
        appeal = lock_appeal(appeal.pk)
        require_handler(actor, appeal)
        if appeal.status not in ANSWERABLE:
            raise InvalidInput(_("This appeal can no longer be answered."), code="not_answerable")
        if not text.strip():
            AnswerDraft.objects.filter(appeal=appeal).delete()
            return None
        draft, _created = AnswerDraft.objects.update_or_create(
            appeal=appeal,
            defaults={
                "author": actor,
                "text": text,
                "language": language[:8],
                "saved_at": now or timezone.now(),
            },
        )
    return draft
