"""Scheduling a live session (the agency's head), starting and ending it (the head's team)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from blogs.live.admin.base import AgencyScopedAdmin, acting_official
from blogs.live.models import LiveSession
from blogs.live.scope import schedulable_agencies
from blogs.live.services import (
    live_session_end,
    live_session_schedule,
    live_session_schedule_validate,
    live_session_start,
)
from officials.models import Agency
from portal.domain_errors import DomainError


class ScheduleForm(forms.ModelForm):  # type: ignore[type-arg]
    """Validated by the service's twin, so a refusal shows on the form as typed."""

    actor: Any = None

    class Meta:
        model = LiveSession
        fields = ("agency", "topic", "host_name", "description", "starts_at", "ends_at")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = schedulable_agencies(self.actor) if self.actor is not None else []
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            live_session_schedule_validate(
                actor=self.actor,
                agency=data["agency"],
                topic=data["topic"],
                host_name=data["host_name"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
            )
        except DomainError as error:
            raise forms.ValidationError(str(error)) from error
        return data


@admin.register(LiveSession)
class LiveSessionAdmin(AgencyScopedAdmin):
    list_display = ("topic", "agency", "starts_at", "ends_at", "state", "converted_at", "public_page")
    list_filter = ("state",)
    list_select_related = ("agency",)
    search_fields = ("topic", "host_name")
    ordering = ("-starts_at",)
    actions = ("start_selected", "end_selected")
    readonly_fields = (
        "agency",
        "topic",
        "host_name",
        "description",
        "starts_at",
        "ends_at",
        "state",
        "started_at",
        "ended_at",
        "converted_at",
        "public_page",
    )

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return bool(schedulable_agencies(acting_official(request)))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else self.readonly_fields

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ScheduleForm.Meta.fields if obj is None else self.readonly_fields

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:  # the admin's widgets (date and time apart), the service's checks
            kwargs["form"] = type("ScheduleFormFor", (ScheduleForm,), {"actor": acting_official(request)})
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request: HttpRequest, obj: LiveSession, form: Any, change: bool) -> None:
        data = form.cleaned_data
        session = live_session_schedule(
            actor=acting_official(request),
            agency=data["agency"],
            topic=data["topic"],
            host_name=data["host_name"],
            description=data.get("description") or "",
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
        )
        obj.pk = session.pk

    def log_addition(self, *args: Any, **kwargs: Any) -> Any:
        return None  # the session's own trail records it (LiveEvent)

    @admin.display(description=_("public page"))
    def public_page(self, session: LiveSession) -> str:
        return format_html('<a href="{}">{}</a>', reverse("live:session", args=[session.pk]), _("open"))

    @admin.action(description=_("Start the selected sessions (go live)"))
    def start_selected(self, request: HttpRequest, queryset: QuerySet[LiveSession]) -> None:
        actor = acting_official(request)
        self.run_each(
            request,
            list(queryset),
            lambda s: live_session_start(actor=actor, session=s),
            str(_("Sessions started: %(n)d.")),
        )

    @admin.action(description=_("End the selected sessions (unanswered questions become appeals)"))
    def end_selected(self, request: HttpRequest, queryset: QuerySet[LiveSession]) -> None:
        actor = acting_official(request)
        self.run_each(
            request,
            list(queryset),
            lambda s: live_session_end(actor=actor, session=s),
            str(_("Sessions ended: %(n)d.")),
        )
