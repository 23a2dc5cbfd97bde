"""What the live admin screens share: the agency scope, and actions that call a service for
each selected row, some after an intermediate form (the blogs' reason page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from blogs.live.scope import team_scope
from portal.accounts.models import User
from portal.admin_permissions import ScopedReadOnlyPermissions
from portal.domain_errors import DomainError


def acting_official(request: HttpRequest) -> User:
    return cast(User, request.user)


class AgencyScopedAdmin(ScopedReadOnlyPermissions, admin.ModelAdmin):  # type: ignore[type-arg]
    """Only the sessions of the official's agency; no generic change or deletion."""

    scope_prefix = ""

    def may_view(self, request: HttpRequest) -> bool:
        return team_scope(acting_official(request)) is not None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        scope = team_scope(acting_official(request), prefix=self.scope_prefix)
        return queryset.none() if scope is None else queryset.filter(scope)

    def run_each(
        self, request: HttpRequest, objects: list[Any], apply: Callable[[Any], Any], done_message: str
    ) -> None:
        done = 0
        for obj in objects:
            try:
                apply(obj)
                done += 1
            except DomainError as error:
                self.message_user(request, f"{obj}: {error}", messages.ERROR)
        if done:
            self.message_user(request, done_message % {"n": done}, messages.SUCCESS)

    def with_form(
        self,
        request: HttpRequest,
        queryset: QuerySet[Any],
        *,
        form_class: type[forms.Form],
        title: Any,
        action: str,
        apply: Callable[[Any, dict[str, Any]], Any],
        done_message: str,
        form_kwargs: dict[str, Any] | None = None,
    ) -> HttpResponse | None:
        objects = list(queryset)
        form = form_class(request.POST if "apply" in request.POST else None, **(form_kwargs or {}))
        if form.is_bound and form.is_valid():
            self.run_each(request, objects, lambda obj: apply(obj, form.cleaned_data), done_message)
            return None
        return TemplateResponse(
            request,
            "admin/blogs/reason_form.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "opts": self.opts,
                "objects": objects,
                "form": form,
                "action": action,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
            status=400 if form.is_bound else 200,
        )
