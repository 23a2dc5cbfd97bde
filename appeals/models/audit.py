"""The personal-data audit trail (see `appeals.backoffice.audit`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.append_only import AppendOnlyModel


class PersonalDataView(AppendOnlyModel):
    """One look by an official at a citizen's personal data (IIN, address, phone, files).

    Written by `appeals.backoffice.audit.record_personal_data_view`; rows are never changed or deleted.
    The table was created by `officials` and moved here with its rows (migration appeals 0004).
    """

    class Channel(models.TextChoices):
        ADMIN = "admin", _("officials' dashboard")
        API = "api", _("agency API")

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+"
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("whose data"), on_delete=models.PROTECT, related_name="+"
    )
    appeal = models.ForeignKey(
        "appeals.Appeal", verbose_name=_("appeal"), on_delete=models.PROTECT, related_name="+", null=True
    )
    channel = models.CharField(_("where"), max_length=10, choices=Channel.choices)
    what = models.CharField(_("what was shown"), max_length=200)
    path = models.CharField(_("address"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    viewed_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-viewed_at", "-id")
        verbose_name = _("view of personal data")
        verbose_name_plural = _("views of personal data")
        indexes = [models.Index(fields=["citizen", "-viewed_at"], name="pdview_citizen_idx")]

    def __str__(self) -> str:
        return f"{self.viewer_id} → {self.citizen_id} ({self.what})"
