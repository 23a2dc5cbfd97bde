"""The trail, read-only and scoped: events, answers, files, escalations, and the outbox
(superusers only: it holds e-mail addresses and texts)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from appeals.admin.base import ScopedAdmin
from appeals.admin.history import readable_history, status_change
from appeals.backoffice.scope import is_superuser
from appeals.models import Answer, AppealEvent, Attachment, Escalation, Notification


@admin.register(AppealEvent)
class AppealEventAdmin(ScopedAdmin):
    """The events in words (`history`), never their internal status codes or detail keys."""

    list_display = ("appeal", "kind", "actor", "created_at", "status", "is_internal")
    list_filter = ("kind",)
    list_select_related = ("appeal", "actor")
    search_fields = ("appeal__tracking_number",)
    fields = ("appeal", "kind", "actor", "created_at", "status", "note", "details", "is_internal")
    readonly_fields = fields

    @admin.display(description=_("status"))
    def status(self, event: AppealEvent) -> str:
        return status_change(event)

    @admin.display(description=_("details"))
    def details(self, event: AppealEvent) -> str:
        entry = readable_history([event])[0]
        if not entry.details:
            return "—"
        return format_html(
            '<dl class="dialog-data">{}</dl>', format_html_join("", "<dt>{}</dt><dd>{}</dd>", entry.details)
        )


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
