"""The personal-data audit trail (`appeals.backoffice.audit`): read-only, for superusers."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from appeals.models import PersonalDataView


@admin.register(PersonalDataView)
class PersonalDataViewAdmin(admin.ModelAdmin):
    """The personal-data audit trail: read-only, for superusers (data protection officers)."""

    list_display = ("viewed_at", "viewer", "citizen", "appeal", "channel", "what", "ip_address")
    list_filter = ("channel",)
    list_select_related = ("viewer", "citizen", "appeal")
    search_fields = ("viewer__email", "citizen__email", "appeal__tracking_number")
    date_hierarchy = "viewed_at"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
