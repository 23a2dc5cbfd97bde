"""What every app's admin screens share, whatever they are scoped by: the signed-in official as
the actor, actions that call a service for each selected row (some after an intermediate form
asking for a reason), and forms and change views that write through a service.

Apps' admin modules may not import one another (import-linter's "admin" contract), so the pieces
they have in common live here, in the shared kernel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse

from portal.accounts.models import User
from portal.domain_errors import DomainError


def acting_official(request: HttpRequest) -> User:
    """The signed-in official (the admin site lets nobody else in)."""
    return cast(User, request.user)


class ServiceActionsMixin:
    """For a ModelAdmin whose actions call a service for each selected row."""

    reason_template = "admin/blogs/reason_form.html"

    def run_each(
        self, request: HttpRequest, objects: list[Any], apply: Callable[[Any], Any], done_message: str
    ) -> None:
        """Apply a service to each object; report successes in one line, each failure on its own."""
        done = 0
        for obj in objects:
            try:
                apply(obj)
                done += 1
            except DomainError as error:
                self.message_user(request, f"{obj}: {error}", messages.ERROR)  # type: ignore[attr-defined]
        if done:
            self.message_user(request, done_message % {"n": done}, messages.SUCCESS)  # type: ignore[attr-defined]

    def with_form(
        self,
        request: HttpRequest,
        queryset: QuerySet[Any] | list[Any],
        *,
        form_class: type[forms.Form],
        title: Any,
        action: str,
        apply: Callable[[Any, dict[str, Any]], Any],
        done_message: str,
        form_kwargs: dict[str, Any] | None = None,
    ) -> HttpResponse | None:
        """An action that asks for a reason first (an intermediate page), then applies it."""
        objects = list(queryset)
        form = form_class(request.POST if "apply" in request.POST else None, **(form_kwargs or {}))
        if form.is_bound and form.is_valid():
            self.run_each(request, objects, lambda obj: apply(obj, form.cleaned_data), done_message)
            return None
        return TemplateResponse(
            request,
            self.reason_template,
            {
                **self.admin_site.each_context(request),  # type: ignore[attr-defined]
                "title": title,
                "opts": self.opts,  # type: ignore[attr-defined]
                "objects": objects,
                "form": form,
                "action": action,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
            status=400 if form.is_bound else 200,
        )


class ServiceValidatedForm(forms.ModelForm):  # type: ignore[type-arg]
    """A form whose `clean()` asks the service's validation-only twin (`*_validate`) whether the
    write would be accepted, so a refusal shows on the form with what was typed. `actor` is set on
    the form class by the admin's `get_form` (one class per request)."""

    actor: User

    def validate_with_service(self, validate: Callable[..., Any], **arguments: Any) -> Any:
        try:
            return validate(actor=self.actor, **arguments)
        except DomainError as error:
            self.add_error(None, str(error))
            return None


class SavedThroughServiceMixin:
    """For admins whose `save_model` calls a service (the form has validated through the service's
    twin already). The forms get the signed-in official as `actor`; nothing related is saved by
    the admin; and should the service still refuse (another change came first), the change rolls
    back and the official is sent back to the form with the message."""

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
        return form.save(commit=False)  # the service saves, in `save_model`

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        return None
