"""Documents attached to a draft (PDF or DOCX, checked by content), added until publication."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from blogs.consultations.admin.base import (
    AgencyScopedAdmin,
    SavedThroughServiceMixin,
    ServiceValidatedForm,
    acting_official,
)
from blogs.consultations.models import ConsultationFile
from blogs.consultations.services import consultation_file_add, consultation_file_validate


class FileForm(ServiceValidatedForm):
    upload = forms.FileField(label=_("File"), help_text=_("A PDF or DOCX document of at most 20 MB."))

    class Meta:
        model = ConsultationFile
        fields = ("consultation", "title")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("consultation") is not None and cleaned.get("upload") is not None:
            self.validate_with_service(
                consultation_file_validate,
                consultation=cleaned["consultation"],
                upload=cleaned["upload"],
                title=str(cleaned.get("title", "")),
            )
        return cleaned


@admin.register(ConsultationFile)
class ConsultationFileAdmin(SavedThroughServiceMixin, AgencyScopedAdmin):
    form = FileForm
    agency_path = "consultation__"
    list_display = ("title", "consultation", "content_type", "size", "created_at")
    list_select_related = ("consultation",)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.may_view(request)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (
            ("consultation", "title", "upload")
            if obj is None
            else ("consultation", "title", "content_type", "size")
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else ("consultation", "title", "content_type", "size")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        if "consultation" in form.base_fields:
            form.base_fields["consultation"].queryset = self.scoped_consultations(request).filter(
                published_at__isnull=True
            )
        return form

    def save_model(self, request: HttpRequest, obj: ConsultationFile, form: Any, change: bool) -> None:
        saved = consultation_file_add(
            actor=acting_official(request),
            consultation=form.cleaned_data["consultation"],
            upload=form.cleaned_data["upload"],
            title=form.cleaned_data["title"],
        )
        obj.pk = saved.pk
