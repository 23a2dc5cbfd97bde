"""A citizen's unsent appeal: what they typed and the files they chose, kept on the server so a
form error, the details step or the "check your answers" page never loses their work."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FilingDraft(models.Model):
    """One per citizen: the filing form's last typed values, until the appeal is sent."""

    citizen = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="filing_draft"
    )
    data = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("draft appeal")
        verbose_name_plural = _("draft appeals")

    def __str__(self) -> str:
        return f"draft of user {self.citizen_id}"


def draft_file_path(instance: DraftFile, filename: str) -> str:
    """Generated names, as for attachments; the citizen's file name is kept only as data."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"drafts/{uuid.uuid4().hex}{suffix}"


class DraftFile(models.Model):
    """A file chosen for a draft, already checked for size and type by its content."""

    draft = models.ForeignKey(FilingDraft, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=draft_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.original_name
