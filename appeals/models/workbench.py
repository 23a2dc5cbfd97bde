"""What the officials' inbox remembers per official: named saved filters and the last visit
(for the "new since your last visit" marker). Neither is part of any appeal's record."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# A visit that follows the last one within this gap is the same working session: the marker
# keeps showing what was new when the session began, rather than vanishing on the first reload.
SESSION_GAP = dt.timedelta(minutes=30)


class SavedInboxFilter(models.Model):
    """A named inbox query (the change list's query string) that one official keeps."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        related_name="saved_inbox_filters",
    )
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filter"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name", "pk")
        verbose_name = _("saved inbox filter")
        verbose_name_plural = _("saved inbox filters")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_inbox_filter_owner_name"),
        ]

    def __str__(self) -> str:
        return self.name


class InboxVisit(models.Model):
    """When the official last opened the inbox, and when the session before that began."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_visit", primary_key=True
    )
    previous_at = models.DateTimeField(null=True, blank=True)
    last_at = models.DateTimeField()

    class Meta:
        verbose_name = _("inbox visit")
        verbose_name_plural = _("inbox visits")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.last_at:%Y-%m-%d %H:%M}"
