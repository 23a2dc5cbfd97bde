"""The officials' workbench around an answer: templates, drafts, the head's approval, and links
between duplicate appeals. Written only by `appeals.services.workbench` and `.approval`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from officials.models import Agency, Official

LANGUAGE_CHOICES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]


class AnswerTemplate(models.Model):
    """A reusable answer text; `agency` empty means a national template every agency may use.
    Placeholders in braces are filled per appeal (`appeals.answer_text.PLACEHOLDERS`)."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answer_templates",
        help_text=_("Leave empty for a national template shared by every agency."),
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ("title", "language", "id")
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class AnswerDraft(models.Model):
    """The answer being written for one appeal, saved as the officer types; colleagues see whose
    it is and when it was saved. Removed when the answer is sent or handed in for approval."""

    appeal = models.OneToOneField("appeals.Appeal", on_delete=models.CASCADE, related_name="draft")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    saved_at = models.DateTimeField(_("saved at"))

    class Meta:
        verbose_name = _("answer draft")
        verbose_name_plural = _("answer drafts")

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.author_id}"


class ApprovalRule(models.Model):
    """An agency's choice that answers written by officers go out only once the head (or one of
    the deputy heads named here) has approved them."""

    agency = models.OneToOneField(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="approval_rule"
    )
    required = models.BooleanField(_("officers' answers need approval"), default=False)
    deputy_heads = models.ManyToManyField(
        Official,
        verbose_name=_("deputy heads who may approve"),
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("answer approval rule")
        verbose_name_plural = _("answer approval rules")

    def __str__(self) -> str:
        return f"{self.agency.slug}: {'required' if self.required else 'not required'}"


class PendingAnswer(models.Model):
    """An officer's answer waiting for approval; when approved it is sent through
    `appeal_answer`'s own path and `answer` points at what was sent."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting approval")
        APPROVED = "approved", _("approved and sent")
        RETURNED = "returned", _("returned for rework")

    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.PROTECT, related_name="pending_answers")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("answer"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    further = models.BooleanField(default=False)
    # Carried to the answer when it is sent: keep it out of the public register.
    register_withheld = models.BooleanField(
        _("withheld from the public register"), default=False, db_default=False
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("handed in at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    answer = models.OneToOneField(
        "appeals.Answer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("answer awaiting approval")
        verbose_name_plural = _("answers awaiting approval")
        constraints = [
            models.UniqueConstraint(
                fields=["appeal"], condition=Q(status="pending"), name="pending_answer_one_per_appeal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.status}"


class AppealLink(models.Model):
    """Two appeals of one agency about the same matter, stored once with the lower id first."""

    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.PROTECT, related_name="+")
    other = models.ForeignKey("appeals.Appeal", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("link between duplicate appeals")
        verbose_name_plural = _("links between duplicate appeals")
        constraints = [
            models.UniqueConstraint(fields=["appeal", "other"], name="appeal_link_once"),
            models.CheckConstraint(condition=Q(appeal__lt=F("other")), name="appeal_link_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id} ~ {self.other_id}"
