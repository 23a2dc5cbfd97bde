"""The citizen's unsent appeal, kept on the server: typed values and checked files survive a form
error, the details step and the "check your answers" page; sending it files the appeal through
`appeal_file` like every other channel, and the draft goes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals.models import Appeal, DraftFile, FilingDraft
from appeals.services.filing import appeal_file
from appeals.uploads import MAX_FILES, check_uploads
from officials.models import Agency, Deputy, Region
from portal.accounts.models import User
from portal.domain_errors import InvalidInput, NotAllowed

# Only what the filing form asks; anything else in a POST is not kept.
DRAFT_FIELDS = ("addressee", "region", "appeal_type", "subject", "text", "consent", "publish")


def draft_for(actor: User) -> FilingDraft | None:
    return FilingDraft.objects.filter(citizen=actor).prefetch_related("files").first()


def _require_citizen(actor: User) -> None:
    if not actor.is_authenticated or not actor.is_active:
        raise NotAllowed(_("Anonymous appeals are not considered: please sign in."))


def draft_save(
    *, actor: User, data: Mapping[str, Any] | None = None, uploads: Sequence[UploadedFile] = ()
) -> FilingDraft:
    """Keep what the citizen typed (when `data` is given) and add `uploads` to the draft's files,
    each checked by content and size; the draft holds at most `MAX_FILES` in all."""
    _require_citizen(actor)
    with transaction.atomic():
        draft, _created = FilingDraft.objects.select_for_update().get_or_create(citizen=actor)
        if data is not None:
            # A NUL byte cannot be stored (PostgreSQL refuses it in JSON); the form refuses it too.
            draft.data = {
                key: str(data[key]).replace("\x00", "")
                for key in DRAFT_FIELDS
                if data.get(key) not in (None, "")
            }
        draft.updated_at = timezone.now()
        draft.save()
        if uploads:
            kept = draft.files.count()
            if kept + len(uploads) > MAX_FILES:
                raise InvalidInput(
                    _("You can attach at most %(max)d files; %(kept)d are already kept.")
                    % {"max": MAX_FILES, "kept": kept},
                    code="too_many_files",
                )
            for upload, content_type in zip(uploads, check_uploads(uploads), strict=True):
                DraftFile.objects.create(
                    draft=draft,
                    file=upload,
                    original_name=(upload.name or "file")[:255],
                    content_type=content_type,
                    size=upload.size or 0,
                )
    return draft


def _delete_stored(names: list[str], storage: Any) -> None:
    for name in names:
        storage.delete(name)


def draft_remove_file(*, actor: User, file_id: int) -> None:
    """Take one kept file out of the citizen's own draft; another citizen's file is not found."""
    with transaction.atomic():
        kept = DraftFile.objects.select_for_update().filter(pk=file_id, draft__citizen=actor).first()
        if kept is None:
            return
        name, storage = str(kept.file.name), kept.file.storage
        kept.delete()
        transaction.on_commit(lambda: _delete_stored([name], storage))


def draft_discard(*, actor: User) -> None:
    """Forget the draft and delete its stored files (after commit: a rollback keeps them)."""
    draft = FilingDraft.objects.filter(citizen=actor).first()
    if draft is None:
        return
    files = list(draft.files.all())
    names = [str(kept.file.name) for kept in files]
    storage = files[0].file.storage if files else None
    draft.delete()
    if storage is not None:
        transaction.on_commit(lambda: _delete_stored(names, storage))


def draft_uploads(draft: FilingDraft) -> list[UploadedFile]:
    """The draft's files, opened, under the citizen's names: `appeal_file` checks and stores
    them as attachments under new generated names."""
    return [
        UploadedFile(
            kept.file.open("rb"), name=kept.original_name, content_type=kept.content_type, size=kept.size
        )
        for kept in draft.files.all()
    ]


def draft_send(
    *,
    actor: User,
    appeal_type: str,
    region: Region,
    subject: str,
    text: str,
    agency: Agency | None = None,
    deputy: Deputy | None = None,
    publish: bool = False,
) -> Appeal:
    """File the appeal from the draft through `appeal_file`, its kept files as attachments, and
    discard the draft in the same transaction: a refusal keeps the draft whole."""
    with transaction.atomic():
        draft = FilingDraft.objects.select_for_update().filter(citizen=actor).first()
        if draft is None:
            raise InvalidInput(_("There is no appeal waiting to be sent."), code="no_draft")
        uploads = draft_uploads(draft)
        try:
            appeal = appeal_file(
                actor=actor,
                appeal_type=appeal_type,
                region=region,
                subject=subject,
                text=text,
                agency=agency,
                deputy=deputy,
                uploads=uploads,
                publish=publish,
            )
        finally:
            for upload in uploads:
                upload.close()
        draft_discard(actor=actor)
    return appeal
