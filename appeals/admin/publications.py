"""Moderation of publications in the public register: the officials of the agency that holds an
appeal see what the citizen wrote and what would be published (personal data masked), may hide
more words, keep answers already sent out of the register, and publish — or refuse on a legal
ground. Each step posts to its own URL and goes through `appeals.services.publication`; the page
itself only answers GET (no method is rewritten)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from appeals.admin.base import ScopedAdmin
from appeals.backoffice.scope import can_handle
from appeals.models import Publication, PublicationState, RefusalGround
from appeals.services.publication import (
    MAX_HIDDEN_PHRASES,
    publication_approve,
    publication_preview,
    publication_refuse,
)
from portal.domain_errors import DomainError, http_status
from portal.masking import render_masked


class ApproveForm(forms.Form):
    hidden_phrases = forms.CharField(
        label=_("Also hide these words"),
        required=False,
        max_length=MAX_HIDDEN_PHRASES * 201,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One word or phrase per line, as it appears in the text: names of other people, "
            "addresses, numbers. Each is replaced by “hidden by the agency”. IINs, phone numbers, "
            "e-mail addresses and the citizen's name are hidden already."
        ),
    )
    withhold_answers = forms.TypedMultipleChoiceField(
        label=_("Keep these answers out of the register"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Answers already sent that carry personal data; their files stay out too."),
    )

    def __init__(self, *args: Any, publication: Publication, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "approve")
        super().__init__(*args, **kwargs)
        field = self.fields["withhold_answers"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [
            (answer.pk, answer.sent_at.strftime("%Y-%m-%d %H:%M"))
            for answer in publication.appeal.answers.all()
        ]
        if not field.choices:
            del self.fields["withhold_answers"]

    def phrases(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data.get("hidden_phrases", "").splitlines() if line.strip()
        ]


class RefuseForm(forms.Form):
    ground = forms.ChoiceField(label=_("Legal ground"), choices=RefusalGround.choices)
    note = forms.CharField(
        label=_("Explanation for the citizen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "refuse")
        super().__init__(*args, **kwargs)


@admin.register(Publication)
class PublicationAdmin(ScopedAdmin):
    list_display = ("tracking_number", "state", "agency", "requested_at", "published_at")
    list_filter = ("state",)
    list_select_related = ("appeal__agency",)
    search_fields = ("appeal__tracking_number",)
    ordering = ("-requested_at", "-id")
    show_full_result_count = False

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                f"<path:object_id>/{step}/",
                self.admin_site.admin_view(view),
                name="{}_{}_{}".format(*info, step),
            )
            for step, view in (("approve", self.approve_view), ("refuse", self.refuse_view))
        ]
        return own + super().get_urls()

    @admin.display(description=_("appeal"), ordering="appeal__tracking_number")
    def tracking_number(self, publication: Publication) -> str:
        return publication.appeal.tracking_number

    @admin.display(description=_("agency"), ordering="appeal__agency__slug")
    def agency(self, publication: Publication) -> str:
        return publication.appeal.agency.name

    # --- the page ---------------------------------------------------------------------------

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method != "GET":
            return HttpResponse(status=405, headers={"Allow": "GET"})
        publication = self.require_object(request, object_id)
        return self.render_page(request, publication)

    def render_page(
        self,
        request: HttpRequest,
        publication: Publication,
        *,
        approve: ApproveForm | None = None,
        refuse: RefuseForm | None = None,
        preview: tuple[str, str] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        appeal = publication.appeal
        may_moderate = publication.state == PublicationState.PENDING and can_handle(request.user, appeal)  # type: ignore[arg-type]
        subject, text = preview or (publication.public_subject, publication.public_text)
        info = self.opts.app_label, self.opts.model_name
        context = {
            **self.admin_site.each_context(request),
            "title": _("Publication of %(number)s") % {"number": appeal.tracking_number},
            "opts": self.opts,
            "publication": publication,
            "appeal": appeal,
            "answers": list(appeal.answers.all()),
            "preview_subject": render_masked(subject, paragraphs=False),
            "preview_text": render_masked(text),
            "previewing": preview is not None,
            "may_moderate": may_moderate,
            "approve_form": approve or ApproveForm(publication=publication),
            "refuse_form": refuse or RefuseForm(),
            "approve_url": reverse("admin:{}_{}_approve".format(*info), args=[publication.pk]),
            "refuse_url": reverse("admin:{}_{}_refuse".format(*info), args=[publication.pk]),
            "appeal_url": reverse("admin:appeals_appeal_change", args=[appeal.pk]),
            "trail": appeal.events.filter(kind__startswith="publication_").select_related("actor"),
        }
        return TemplateResponse(request, "admin/appeals/publication/moderate.html", context, status=status)

    def _done(self, request: HttpRequest, message: str) -> HttpResponse:
        self.message_user(request, message, messages.SUCCESS)
        info = self.opts.app_label, self.opts.model_name
        return HttpResponseRedirect(reverse("admin:{}_{}_changelist".format(*info)) + "?state=pending")

    # --- the steps (POST only) --------------------------------------------------------------

    def approve_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        publication = self.require_object(request, object_id)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:appeals_publication_change", args=[publication.pk]))
        form = ApproveForm(request.POST, publication=publication)
        if not form.is_valid():
            return self.render_page(request, publication, approve=form, status=400)
        try:
            if "preview" in request.POST:
                preview = publication_preview(appeal=publication.appeal, hidden_phrases=form.phrases())
                return self.render_page(request, publication, approve=form, preview=preview)
            publication_approve(
                actor=request.user,  # type: ignore[arg-type]
                publication=publication,
                hidden_phrases=form.phrases(),
                withhold_answers=form.cleaned_data.get("withhold_answers") or [],
            )
        except DomainError as error:
            form.add_error(None, str(error))
            return self.render_page(request, publication, approve=form, status=http_status(error))
        return self._done(
            request,
            str(_("%(number)s is published in the register; the citizen has been told."))
            % {"number": publication.appeal.tracking_number},
        )

    def refuse_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        publication = self.require_object(request, object_id)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:appeals_publication_change", args=[publication.pk]))
        form = RefuseForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, publication, refuse=form, status=400)
        try:
            publication_refuse(
                actor=request.user,  # type: ignore[arg-type]
                publication=publication,
                ground=form.cleaned_data["ground"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
            return self.render_page(request, publication, refuse=form, status=http_status(error))
        return self._done(
            request,
            str(_("Publication of %(number)s is refused; the citizen has been told the ground."))
            % {"number": publication.appeal.tracking_number},
        )
