from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from officials.enrolment import enrolment_link
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
    actions = ("issue_enrolment_links",)

    def has_superuser_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)  # type: ignore[union-attr]

    @admin.action(
        description=_("Issue a one-time enrolment link (replaces the authenticator when used)"),
        permissions=["superuser"],
    )
    def issue_enrolment_links(self, request: HttpRequest, queryset: QuerySet[Official]) -> None:
        for official in queryset.select_related("user").filter(is_active=True, user__is_active=True):
            messages.info(
                request,
                gettext("Enrolment link for %(email)s (one use; give it to them in person): %(link)s")
                % {"email": official.user.email, "link": enrolment_link(official.user)},
            )


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
