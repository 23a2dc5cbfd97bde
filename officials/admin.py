from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from officials.enrolment import enrolment_link
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
