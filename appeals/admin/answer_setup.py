"""What heads set up for answering: answer templates (their agency's; superusers keep the
national ones) and the agency's approval rule. Officers see their agency's and the national
templates; only a head changes their own agency's, never another's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from appeals.answer_text import PLACEHOLDERS
from appeals.backoffice.scope import active_official, is_superuser
from appeals.models import AnswerTemplate, ApprovalRule
from officials.models import Official


def _official(request: HttpRequest) -> Official | None:
    return active_official(request.user)  # type: ignore[arg-type]


def _head_agency_id(request: HttpRequest) -> int | None:
    official = _official(request)
    return official.agency_id if official is not None and official.role == Official.Role.HEAD else None


class HeadManagedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Superusers manage everything; a head manages their own agency's rows; other officials of
    the agency only read. The agency of a head's row is always the head's own."""

    def owned_by_head(self, request: HttpRequest, obj: Any) -> bool:
        agency_id = _head_agency_id(request)
        return agency_id is not None and (obj is None or obj.agency_id == agency_id)

    def has_module_permission(self, request: HttpRequest) -> bool:
        official = _official(request)
        return is_superuser(request.user) or (  # type: ignore[arg-type]
            official is not None and official.role != Official.Role.OVERSIGHT
        )

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_superuser(request.user) or _head_agency_id(request) is not None  # type: ignore[arg-type]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_superuser(request.user) or self.owned_by_head(request, obj)  # type: ignore[arg-type]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if is_superuser(request.user) else ("agency",)  # type: ignore[arg-type]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        agency_id = _head_agency_id(request)
        if not is_superuser(request.user) and agency_id is not None:  # type: ignore[arg-type]
            obj.agency_id = agency_id
        super().save_model(request, obj, form, change)


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(HeadManagedAdmin):
    list_display = ("title", "language", "agency", "updated_at")
    list_filter = ("language",)
    search_fields = ("title", "text")

    def get_queryset(self, request: HttpRequest) -> QuerySet[AnswerTemplate]:
        queryset = super().get_queryset(request).select_related("agency")
        if is_superuser(request.user):  # type: ignore[arg-type]
            return queryset
        official = _official(request)
        if official is None:
            return queryset.none()
        return queryset.filter(Q(agency__isnull=True) | Q(agency_id=official.agency_id))

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        hint = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        if "text" in form.base_fields:
            form.base_fields["text"].help_text = f"{form.base_fields['text'].help_text} {hint}".strip()
            form.base_fields["text"].widget = forms.Textarea(attrs={"rows": 12, "cols": 80})
        return form


@admin.register(ApprovalRule)
class ApprovalRuleAdmin(HeadManagedAdmin):
    list_display = ("agency", "required")
    filter_horizontal = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApprovalRule]:
        queryset = super().get_queryset(request).select_related("agency")
        if is_superuser(request.user):  # type: ignore[arg-type]
            return queryset
        official = _official(request)
        return queryset.filter(agency_id=official.agency_id) if official is not None else queryset.none()

    def has_add_permission(self, request: HttpRequest) -> bool:
        """One rule per agency: a head whose agency has one changes it."""
        agency_id = _head_agency_id(request)
        if is_superuser(request.user):  # type: ignore[arg-type]
            return True
        if agency_id is None:
            return False
        # The admin asks this for every app list it draws; one query per request is enough.
        memo = "_dialog_agency_has_approval_rule"
        if not hasattr(request, memo):
            setattr(request, memo, ApprovalRule.objects.filter(agency_id=agency_id).exists())
        return not getattr(request, memo)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "deputy_heads":
            officers = Official.objects.active().filter(role=Official.Role.OFFICER).select_related("user")
            agency_id = _head_agency_id(request)
            if not is_superuser(request.user) and agency_id is not None:  # type: ignore[arg-type]
                officers = officers.filter(agency_id=agency_id)
            kwargs["queryset"] = officers.order_by("user__full_name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)
