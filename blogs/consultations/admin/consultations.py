"""The consultation itself: create and edit (until published), publish, results shown live or
not, and — once closed — publish the response, which answers the response obligation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from appeals.models import PendingAnswer
from blogs.consultations.admin.base import (
    AgencyScopedAdmin,
    SavedThroughServiceMixin,
    ServiceValidatedForm,
    acting_official,
)
from blogs.consultations.models import Consultation
from blogs.consultations.selectors import published_response
from blogs.consultations.services import (
    consultation_publish,
    consultation_respond,
    consultation_results_live_set,
    consultation_save,
    consultation_validate,
)
from blogs.rendering import render_markdown
from portal.domain_errors import DomainError


class ConsultationForm(ServiceValidatedForm):
    class Meta:
        model = Consultation
        fields = (
            "agency",
            "region",
            "title",
            "summary",
            "draft_text",
            "language",
            "opens_at",
            "closes_at",
            "results_live",
            "response_days",
        )
        help_texts = {
            "draft_text": _("Markdown. Raw HTML and scripts are removed when the draft is shown."),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if all(
            cleaned.get(name) is not None for name in ("agency", "opens_at", "closes_at", "response_days")
        ):
            self.validate_with_service(
                consultation_validate,
                agency=cleaned["agency"],
                title=str(cleaned.get("title", "")),
                summary=str(cleaned.get("summary", "")),
                draft_text=str(cleaned.get("draft_text", "")),
                opens_at=cleaned["opens_at"],
                closes_at=cleaned["closes_at"],
                response_days=cleaned["response_days"],
                consultation=self.instance if self.instance.pk else None,
            )
        return cleaned


class ResponseForm(forms.Form):
    text = forms.CharField(
        label=_("What we heard and what we changed"),
        widget=forms.Textarea(attrs={"rows": 14, "cols": 80}),
        help_text=_(
            "Published on the consultation's public page for everyone to read (personal data is masked). "
            "It is the answer to the response obligation and counts in the agency's statistics."
        ),
    )


@admin.register(Consultation)
class ConsultationAdmin(SavedThroughServiceMixin, AgencyScopedAdmin):
    form = ConsultationForm
    list_display = ("title", "agency", "stage_label", "opens_at", "closes_at", "response_state")
    list_select_related = ("agency", "response_appeal")
    search_fields = ("title",)
    actions = ("publish_selected", "show_results_live", "hide_results_until_closed")
    readonly_fields = ("stage_label", "published_at", "closed_at", "response_link", "preview")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.may_view(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.may_view(request) and (obj is None or obj.published_at is None)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(ConsultationForm.Meta.fields)
        return [*fields, *self.readonly_fields] if obj is not None else fields

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        if "agency" in form.base_fields:
            form.base_fields["agency"].queryset = self.scoped_agencies(request)
        return form

    def save_model(self, request: HttpRequest, obj: Consultation, form: Any, change: bool) -> None:
        data = form.cleaned_data
        saved = consultation_save(
            actor=acting_official(request),
            agency=data["agency"],
            region=data["region"],
            title=data["title"],
            summary=data["summary"],
            draft_text=data["draft_text"],
            language=data["language"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            results_live=data["results_live"],
            response_days=data["response_days"],
            consultation=Consultation.objects.get(pk=obj.pk) if change else None,
        )
        obj.pk = saved.pk

    @admin.display(description=_("stage"))
    def stage_label(self, consultation: Consultation) -> str:
        from blogs.consultations.models import Stage

        return str(Stage(consultation.stage()).label)

    @admin.display(description=_("response"))
    def response_state(self, consultation: Consultation) -> str:
        appeal = consultation.response_appeal
        if appeal is None:
            return "—"
        if appeal.answered_at is not None:
            return str(_("published"))
        return str(_("due by %(date)s") % {"date": appeal.due_on.isoformat()})

    @admin.display(description=_("response obligation"))
    def response_link(self, consultation: Consultation) -> Any:
        appeal = consultation.response_appeal
        if appeal is None:
            return "—"
        respond = reverse("admin:consultations_consultation_respond", args=[consultation.pk])
        return format_html(
            '{} — <a href="{}">{}</a>', appeal.tracking_number, respond, _("Publish the response")
        )

    @admin.display(description=_("preview of the draft (as published)"))
    def preview(self, consultation: Consultation) -> Any:
        return render_markdown(consultation.draft_text)

    @admin.action(description=_("Publish the selected consultations"))
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Consultation]) -> None:
        self.run_each(
            request,
            list(queryset),
            lambda c: consultation_publish(actor=acting_official(request), consultation=c),
            str(_("Consultations published: %(n)d.")),
        )

    @admin.action(description=_("Show the results while open"))
    def show_results_live(self, request: HttpRequest, queryset: QuerySet[Consultation]) -> None:
        self._set_live(request, queryset, live=True)

    @admin.action(description=_("Publish the results only when closed"))
    def hide_results_until_closed(self, request: HttpRequest, queryset: QuerySet[Consultation]) -> None:
        self._set_live(request, queryset, live=False)

    def _set_live(self, request: HttpRequest, queryset: QuerySet[Consultation], *, live: bool) -> None:
        self.run_each(
            request,
            list(queryset),
            lambda c: consultation_results_live_set(
                actor=acting_official(request), consultation=c, live=live
            ),
            str(_("Consultations changed: %(n)d.")),
        )

    def get_urls(self) -> list[Any]:
        respond = self.admin_site.admin_view(self.respond_view)
        return [
            path("<int:pk>/respond/", respond, name="consultations_consultation_respond"),
            *super().get_urls(),
        ]

    def respond_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        consultation = get_object_or_404(self.get_queryset(request).select_related("response_appeal"), pk=pk)
        form = ResponseForm(request.POST or None)
        status = 200
        if request.method == "POST" and form.is_valid():
            try:
                outcome = consultation_respond(
                    actor=acting_official(request), consultation=consultation, text=form.cleaned_data["text"]
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = 400
            else:
                if isinstance(outcome, PendingAnswer):
                    messages.info(
                        request, _("The response waits for the head's approval before it is published.")
                    )
                else:
                    messages.success(request, _("The response is published on the consultation's page."))
                return HttpResponseRedirect(reverse("admin:consultations_consultation_change", args=[pk]))
        elif request.method == "POST":
            status = 400
        return TemplateResponse(
            request,
            "admin/consultations/respond.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Publish the response"),
                "opts": self.opts,
                "consultation": consultation,
                "form": form,
                "published": published_response(consultation),
                "now": timezone.now(),
            },
            status=status,
        )
