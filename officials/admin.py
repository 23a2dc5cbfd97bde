from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from officials.models import Agency, Deputy, Official, PersonalDataView, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_kk", "name_ru", "name_en", "kind")
    search_fields = ("code", "name_kk", "name_ru", "name_en")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_ru", "kind", "region", "parent", "is_active")
    list_filter = ("kind", "is_active", "region")
    search_fields = ("slug", "name_kk", "name_ru", "name_en")
    autocomplete_fields = ("parent",)


@admin.register(Deputy)
class DeputyAdmin(admin.ModelAdmin):
    list_display = ("key", "name_ru", "chamber", "region", "is_active")
    list_filter = ("chamber", "region")
    search_fields = ("key", "name_kk", "name_ru", "name_en")


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ("user", "agency", "role", "position", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("user__email", "user__full_name", "agency__slug")
    raw_id_fields = ("user",)
    autocomplete_fields = ("agency",)


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
