"""The officials' admin site: `officials.admin_site` (second factor, enrolment) with the
appeals' dashboard as its index page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.response import TemplateResponse

from appeals.backoffice.dashboard import dashboard_for
from officials.admin_site import DialogAdminSite


class BackOfficeSite(DialogAdminSite):
    def index(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> TemplateResponse:
        context = {**(extra_context or {}), "dashboard": dashboard_for(request.user)}  # type: ignore[arg-type]
        return super().index(request, context)
