"""Small pieces the services share: checks that raise domain errors, and who to tell."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from appeals.backoffice.scope import can_handle
from appeals.models import Answer, Appeal, Attachment
from appeals.uploads import check_uploads
from officials.models import Official
from portal.accounts.models import User
from portal.domain_errors import InvalidInput, NotAllowed


def require_handler(actor: User, appeal: Appeal) -> None:
    if not can_handle(actor, appeal):
        raise NotAllowed(_("You may not act on appeals of this agency."))


def require_owner(actor: User, appeal: Appeal) -> None:
    if appeal.citizen_id != actor.pk:
        raise NotAllowed(_("Only the citizen who filed this appeal may do this."))


def require_text(value: str, *, field: str, limit: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(_("%(field)s must not be empty.") % {"field": field}, code="required")
    limit = limit or settings.DIALOG_APPEAL_TEXT_MAX
    if len(value) > limit:
        raise InvalidInput(
            _("%(field)s is %(length)d characters long; the limit is %(limit)d.")
            % {"field": field, "length": len(value), "limit": limit},
            code="too_long",
        )
    return value


def store_attachments(
    *, appeal: Appeal, uploads: Sequence[UploadedFile], actor: User, answer: Answer | None = None
) -> list[Attachment]:
    content_types = check_uploads(uploads)
    return [
        Attachment.objects.create(
            appeal=appeal,
            answer=answer,
            file=upload,
            original_name=(upload.name or "file")[:255],
            content_type=content_type,
            size=upload.size or 0,
            uploaded_by=actor,
        )
        for upload, content_type in zip(uploads, content_types, strict=True)
    ]


def handlers_to_tell(appeal: Appeal) -> list[User]:
    """The assignee, or the agency's heads when nobody is assigned."""
    if appeal.assignee_id:
        return [appeal.assignee.user] if appeal.assignee and appeal.assignee.is_active else []
    return [o.user for o in Official.objects.heads_of(appeal.agency).select_related("user")]
