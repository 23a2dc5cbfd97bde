"""What every appeals admin screen shares: read-only, and only what the official's scope allows
(`appeals.backoffice.scope`, applied in every `get_queryset`, so change lists, pages, actions,
CSV export and autocomplete all see the same)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from appeals.backoffice.scope import active_official, appeal_scope, is_superuser, scoped_appeals
from portal.admin_permissions import ScopedReadOnlyPermissions


class ScopedAdmin(ScopedReadOnlyPermissions, admin.ModelAdmin):
    """Read-only, and only what the official's scope allows; history is never edited."""

    # How to reach the appeal from this model ("" for the appeal itself).
    appeal_path = "appeal"

    def may_view(self, request: HttpRequest) -> bool:
        return self.official_may_view(request)

    def official_may_view(self, request: HttpRequest) -> bool:
        return is_superuser(request.user) or active_official(request.user) is not None  # type: ignore[arg-type]

    def require_object(self, request: HttpRequest, object_id: str) -> Any:
        """The object if it is in the official's scope; otherwise 404 (not the admin's redirect,
        which would tell that the object exists)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        found = self.get_object(request, object_id)
        if found is None:
            raise Http404(_("Nothing here among what you may see."))
        return found

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        self.require_object(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        self.require_object(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        scope = appeal_scope(request.user)  # type: ignore[arg-type]
        if scope is None:
            return queryset.none()
        if not scope:  # a superuser: everything
            return queryset
        if not self.appeal_path:
            return queryset.filter(scope)
        return queryset.filter(**{f"{self.appeal_path}__in": scoped_appeals(request.user)})  # type: ignore[arg-type]
