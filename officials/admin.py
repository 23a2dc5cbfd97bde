from django.contrib import admin

from officials.models import Agency, Deputy, Official, Region


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
