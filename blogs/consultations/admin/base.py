"""What the consultations' admin screens share: an official sees only the consultations of their
own agency; forms validate through the services' validation-only twins; nothing is deleted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from blogs.consultations.models import Consultation
from blogs.consultations.scope import agency_scope, runnable_agencies
from officials.models import Agency
from portal.accounts.models import User
from portal.admin_permissions import ScopedReadOnlyPermissions
from portal.domain_errors import DomainError


def acting_official(request: HttpRequest) -> User:
    return cast(User, request.user)


class AgencyScopedAdmin(ScopedReadOnlyPermissions, admin.ModelAdmin):
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


class ServiceValidatedForm(forms.ModelForm):
    """`clean()` asks the service's validation-only twin, so a refusal shows on the form."""

    actor: User

    def validate_with_service(self, validate: Callable[..., Any], **arguments: Any) -> Any:
        try:
            return validate(actor=self.actor, **arguments)
        except DomainError as error:
            self.add_error(None, str(error))
            return None


class SavedThroughServiceMixin:
    """`save_model` calls a service; the form gets the official as `actor`; a late refusal (another
    change came first) sends the official back to the form with the message."""

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)  # type: ignore[misc]
        form.actor = acting_official(request)
        return form

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc,no-any-return]
        except DomainError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(request.get_full_path())

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        return form.save(commit=False)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        return None
