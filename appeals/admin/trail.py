"""The trail, read-only and scoped: events, answers, files, escalations, and the outbox
(superusers only: it holds e-mail addresses and texts)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from appeals.admin.base import ScopedAdmin
from appeals.backoffice.scope import is_superuser
from appeals.models import Answer, AppealEvent, Attachment, Escalation, Notification


@admin.register(AppealEvent)
class AppealEventAdmin(ScopedAdmin):
    list_display = ("appeal", "kind", "actor", "created_at", "is_internal")
    list_filter = ("kind",)
    list_select_related = ("appeal", "actor")
    search_fields = ("appeal__tracking_number",)


@admin.register(Answer)
class AnswerAdmin(ScopedAdmin):
    list_display = ("appeal", "author", "sent_at")
    list_select_related = ("appeal", "author")
    search_fields = ("appeal__tracking_number",)


@admin.register(Attachment)
class AttachmentAdmin(ScopedAdmin):
    list_display = ("original_name", "appeal", "content_type", "size", "created_at")
    list_select_related = ("appeal",)
    fields = ("original_name", "appeal", "answer", "content_type", "size", "created_at")
    readonly_fields = fields
    search_fields = ("appeal__tracking_number",)


@admin.register(Escalation)
class EscalationAdmin(ScopedAdmin):
    list_display = ("appeal", "level", "to_agency", "created_at")
    list_filter = ("level",)
    list_select_related = ("appeal", "to_agency")
    search_fields = ("appeal__tracking_number",)


@admin.register(Notification)
class NotificationAdmin(ScopedAdmin):
    """The outbox holds e-mail addresses and texts: superusers only."""

    list_display = ("kind", "email", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")

    def official_may_view(self, request: HttpRequest) -> bool:
        return is_superuser(request.user)  # type: ignore[arg-type]
