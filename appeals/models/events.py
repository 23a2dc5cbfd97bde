"""The audit trail: one row per thing that happened to an appeal. Rows are never changed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.append_only import AppendOnlyModel


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("registered")
    ASSIGNED = "assigned", _("assigned")
    CLARIFICATION_REQUESTED = "clarification_requested", _("clarification asked")
    CLARIFICATION_RECEIVED = "clarification_received", _("clarification given")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")
    REDIRECTED = "redirected", _("redirected")
    REDIRECT_RECEIVED = "redirect_received", _("received by redirect")
    REJECTED = "rejected", _("left without consideration")
    WITHDRAWN = "withdrawn", _("withdrawn")
    EXTENDED = "extended", _("term extended")
    REMINDER = "reminder", _("reminder sent")
    OVERDUE = "overdue", _("overdue")
    ESCALATED = "escalated", _("escalated")
    NOTE = "note", _("internal note")
    RATED = "rated", _("answer rated")
    COMPLAINT_FILED = "complaint_filed", _("complaint filed")
    APPROVAL_REQUESTED = "approval_requested", _("answer handed in for approval")
    APPROVAL_RETURNED = "approval_returned", _("answer returned for rework")
    APPROVED = "approved", _("answer approved")
    LINKED = "linked", _("linked to a similar appeal")
    INFORMATION_ADDED = "information_added", _("information added by the citizen")
    PUBLICATION_REQUESTED = "publication_requested", _("publication in the register requested")
    PUBLICATION_APPROVED = "publication_approved", _("published in the register")
    PUBLICATION_REFUSED = "publication_refused", _("publication in the register refused")
    PUBLICATION_WITHDRAWN = "publication_withdrawn", _("publication withdrawn by the citizen")


class AppealEvent(AppendOnlyModel):
    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("what"), max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    from_status = models.CharField(_("from"), max_length=30, blank=True)
    to_status = models.CharField(_("to"), max_length=30, blank=True)
    note = models.TextField(_("why"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    # Internal notes and officials' reminders are never shown to the citizen.
    is_internal = models.BooleanField(_("internal"), default=False)

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("appeal event")
        verbose_name_plural = _("appeal events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.created_at:%Y-%m-%d %H:%M}"
