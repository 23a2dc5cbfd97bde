"""What the live admin screens share: the agency scope, and actions that call a service for
each selected row, some after an intermediate form (the blogs' reason page)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from blogs.live.scope import team_scope
from portal.admin_kit import ServiceActionsMixin, acting_official
from portal.admin_permissions import ScopedReadOnlyPermissions


class AgencyScopedAdmin(ServiceActionsMixin, ScopedReadOnlyPermissions, admin.ModelAdmin):  # type: ignore[type-arg]
    """Only the sessions of the official's agency; no generic change or deletion."""

    scope_prefix = ""

    def may_view(self, request: HttpRequest) -> bool:
        return team_scope(acting_official(request)) is not None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        scope = team_scope(acting_official(request), prefix=self.scope_prefix)
        return queryset.none() if scope is None else queryset.filter(scope)
