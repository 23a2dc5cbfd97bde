"""The data behind the legal clock: terms per appeal type, calendar exceptions, escalations."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from appeals.models.appeal import AppealType


class DeadlinePolicy(models.Model):
    """Terms for one appeal type. Copied onto each appeal when it is registered."""

    appeal_type = models.CharField(_("type"), max_length=20, choices=AppealType.choices, unique=True)
    answer_days = models.PositiveSmallIntegerField(
        _("answer within (working days)"), validators=[MinValueValidator(1)]
    )
    extension_months = models.PositiveSmallIntegerField(
        _("extension at most to (months from registration)"), validators=[MinValueValidator(1)]
    )
    redirect_days = models.PositiveSmallIntegerField(
        _("redirect within (working days)"), validators=[MinValueValidator(1)]
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("remind the assignee (working days before due)"), validators=[MinValueValidator(1)]
    )
    level2_days = models.PositiveSmallIntegerField(
        _("escalate to oversight (working days after level 1)"), validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ("appeal_type",)
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(answer_days__gte=1)
                & Q(extension_months__gte=1)
                & Q(redirect_days__gte=1)
                & Q(reminder_days__gte=1)
                & Q(level2_days__gte=1),
                name="deadline_policy_positive_terms",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_appeal_type_display()}: {self.answer_days}"


class CalendarException(models.Model):
    """A one-off change to the calendar: an extra day off, or a working Saturday."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"), help_text=_("Ticked: a working day (e.g. a working Saturday). Unticked: a day off.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ("date",)
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")

    def __str__(self) -> str:
        return f"{self.date}: {'working' if self.is_working_day else 'day off'}"


class Escalation(models.Model):
    """One rung of the ladder reached by one appeal; the constraint makes each happen once."""

    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.PROTECT, related_name="escalations")
    level = models.PositiveSmallIntegerField(_("level"))
    to_agency = models.ForeignKey(
        "officials.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("accountable body")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("appeal", "level")
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.UniqueConstraint(fields=["appeal", "level"], name="escalation_once_per_level"),
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id} level {self.level}"
