"""Plain admin registrations for every model. The officials' dashboard proper (scoped inbox,
actions through the services) is built on top of these."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from appeals.models import (
    Answer,
    Appeal,
    AppealEvent,
    Attachment,
    CalendarException,
    DeadlinePolicy,
    Escalation,
    Notification,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """History is never edited or deleted, not even by a superuser."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EventInline(admin.TabularInline):
    model = AppealEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "actor", "from_status", "to_status", "note", "is_internal")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = (
        "tracking_number",
        "appeal_type",
        "subject",
        "agency",
        "region",
        "status",
        "due_on",
        "escalation_level",
    )
    list_filter = ("status", "appeal_type", "channel", "escalation_level")
    search_fields = ("tracking_number", "subject")
    date_hierarchy = "registered_at"
    inlines = (EventInline,)
    list_select_related = ("agency", "region")


@admin.register(AppealEvent)
class AppealEventAdmin(ReadOnlyAdmin):
    list_display = ("appeal", "kind", "actor", "created_at")
    list_filter = ("kind",)
    list_select_related = ("appeal", "actor")


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ("appeal", "author", "sent_at")
    list_select_related = ("appeal", "author")


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "appeal", "content_type", "size", "created_at")
    list_select_related = ("appeal",)


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ("appeal", "level", "to_agency", "created_at")
    list_select_related = ("appeal", "to_agency")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("kind", "email", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")


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
