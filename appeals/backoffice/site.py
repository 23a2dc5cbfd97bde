"""The officials' admin site: `officials.admin_site` (second factor, enrolment) with the
appeals' dashboard as its index page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.response import TemplateResponse

from appeals.backoffice.dashboard import dashboard_for
from appeals.backoffice.workload import workload_agency_id
from officials.admin_site import DialogAdminSite


class BackOfficeSite(DialogAdminSite):
    def index(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> TemplateResponse:
        user: Any = request.user
        context = {
            **(extra_context or {}),
            "dashboard": dashboard_for(user),
            "may_see_workload": workload_agency_id(user) is not None,
        }
        return super().index(request, context)
