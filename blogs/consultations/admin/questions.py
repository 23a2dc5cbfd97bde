"""A consultation's questions and their options, written through the services until publication."""

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
from blogs.consultations.models import Question
from blogs.consultations.services import consultation_question_save, consultation_question_validate


class QuestionForm(ServiceValidatedForm):
    options_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One option per line (2 to 20). A scale question gets the options 1 to 5 by itself."),
    )

    class Meta:
        model = Question
        fields = ("consultation", "position", "text", "kind")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["options_text"].initial = "\n".join(o.label for o in self.instance.options.all())

    def option_labels(self) -> list[str]:
        return str(self.cleaned_data.get("options_text", "")).splitlines()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("consultation") is not None and cleaned.get("kind"):
            self.validate_with_service(
                consultation_question_validate,
                consultation=cleaned["consultation"],
                text=str(cleaned.get("text", "")),
                kind=cleaned["kind"],
                options=self.option_labels(),
            )
        return cleaned


@admin.register(Question)
class QuestionAdmin(SavedThroughServiceMixin, AgencyScopedAdmin):
    form = QuestionForm
    agency_path = "consultation__"
    list_display = ("text", "consultation", "kind", "position")
    list_select_related = ("consultation",)
    fields = ("consultation", "position", "text", "kind", "options_text")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.may_view(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.may_view(request) and (obj is None or obj.consultation.published_at is None)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        if "consultation" in form.base_fields:
            form.base_fields["consultation"].queryset = self.scoped_consultations(request).filter(
                published_at__isnull=True
            )
        return form

    def save_model(self, request: HttpRequest, obj: Question, form: Any, change: bool) -> None:
        saved = consultation_question_save(
            actor=acting_official(request),
            consultation=form.cleaned_data["consultation"],
            text=form.cleaned_data["text"],
            kind=form.cleaned_data["kind"],
            options=form.option_labels(),
            position=form.cleaned_data["position"],
            question=Question.objects.get(pk=obj.pk) if change else None,
        )
        obj.pk = saved.pk
