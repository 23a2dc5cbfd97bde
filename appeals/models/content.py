"""What was said: answers and the files attached to appeals and answers."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Answer(models.Model):
    """An answer is final once sent: a correction is a further answer, never an edit."""

    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.PROTECT, related_name="answers")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("answer"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    # Set by the official answering a published appeal when the answer carries personal data:
    # the register then shows that an answer was given, not what it says.
    register_withheld = models.BooleanField(
        _("withheld from the public register"), default=False, db_default=False
    )

    class Meta:
        ordering = ("sent_at", "id")
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.sent_at:%Y-%m-%d}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("An answer cannot be edited once sent.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


def attachment_path(instance: Attachment, filename: str) -> str:
    """Files are stored under generated names; the citizen's file name is kept only as data."""
    suffix = PurePath(filename).suffix.lower()[:8]
    name = uuid.uuid4().hex  # one generated name; its first two characters spread the folders
    return f"attachments/{name[:2]}/{name}{suffix}"


class Attachment(models.Model):
    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.PROTECT, related_name="attachments")
    answer = models.ForeignKey(
        Answer, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # An answer's file the official kept out of the public register (a citizen's own files are
    # never published).
    register_withheld = models.BooleanField(
        _("withheld from the public register"), default=False, db_default=False
    )

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
