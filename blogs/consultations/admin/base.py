"""What the consultations' admin screens share: an official sees only the consultations of their
own agency; forms validate through the services' validation-only twins; nothing is deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from blogs.consultations.models import Consultation
from blogs.consultations.scope import agency_scope, runnable_agencies
from officials.models import Agency
from portal.admin_kit import SavedThroughServiceMixin as SavedThroughServiceMixin
from portal.admin_kit import ServiceActionsMixin, acting_official
from portal.admin_kit import ServiceValidatedForm as ServiceValidatedForm
from portal.admin_permissions import ScopedReadOnlyPermissions


class AgencyScopedAdmin(ServiceActionsMixin, ScopedReadOnlyPermissions, admin.ModelAdmin):
    """Only what belongs to the official's agency; `agency_path` leads from the model to it."""

    agency_path = ""

    def may_view(self, request: HttpRequest) -> bool:
        return agency_scope(acting_official(request)) is not None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        scope = agency_scope(acting_official(request), prefix=self.agency_path)
        queryset = super().get_queryset(request)
        return queryset.none() if scope is None else queryset.filter(scope)

    def scoped_agencies(self, request: HttpRequest) -> QuerySet[Agency]:
        return runnable_agencies(acting_official(request))

    def scoped_consultations(self, request: HttpRequest) -> QuerySet[Consultation]:
        scope = agency_scope(acting_official(request))
        return Consultation.objects.none() if scope is None else Consultation.objects.filter(scope)
