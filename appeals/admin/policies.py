"""The rules the clock runs on: deadline policies per appeal type and the calendar's exceptions
(one-off days off and working Saturdays)."""

from __future__ import annotations

from django.contrib import admin

from appeals.models import CalendarException, DeadlinePolicy


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    list_display = (
        "appeal_type",
        "answer_days",
        "extension_months",
        "redirect_days",
        "reminder_days",
        "level2_days",
    )


@admin.register(CalendarException)
class CalendarExceptionAdmin(admin.ModelAdmin):
    list_display = ("date", "is_working_day", "note")
