"""The moderation and live-answer screen: approve, reject, merge duplicates, edit the published
text to mask personal data, answer a question live."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from blogs.live.admin.base import AgencyScopedAdmin, acting_official
from blogs.live.models import LiveQuestion
from blogs.live.services import (
    ANSWER_LIMIT,
    QUESTION_LIMIT,
    live_question_answer,
    live_question_approve,
    live_question_mask,
    live_question_merge,
    live_question_reject,
)
from portal.domain_errors import InvalidInput
from portal.masking import render_masked


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}), initial=_("Off topic.")
    )


class MergeForm(forms.Form):
    into = forms.IntegerField(
        label=_("Merge into question number"),
        min_value=1,
        max_value=2**62,
        help_text=_("The number of the published question that the selected ones repeat."),
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Answer"), max_length=ANSWER_LIMIT, widget=forms.Textarea(attrs={"rows": 8})
    )


class PublicTextForm(forms.Form):
    text = forms.CharField(
        label=_("Published text"),
        max_length=QUESTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "IINs, phone numbers and e-mail addresses are masked automatically; "
            "hide names and addresses by hand."
        ),
    )


@admin.register(LiveQuestion)
class LiveQuestionAdmin(AgencyScopedAdmin):
    scope_prefix = "session__"
    list_display = ("short_text", "number", "session", "status", "votes", "created_at", "tracking_number")
    list_filter = ("status", "session__state")
    list_select_related = ("session__agency", "appeal")
    search_fields = ("text", "public_text", "session__topic")
    ordering = ("session", "status", "-votes", "created_at")
    actions = ("approve_selected", "reject_selected", "merge_selected", "mask_selected", "answer_selected")
    fields = (
        "session",
        "status",
        "votes",
        "original_text",
        "published_preview",
        "merged_into",
        "answer",
        "answered_at",
        "tracking_number",
        "created_at",
    )
    readonly_fields = fields

    @admin.display(description=_("number"), ordering="pk")
    def number(self, question: LiveQuestion) -> int:
        return int(question.pk)

    @admin.display(description=_("question"))
    def short_text(self, question: LiveQuestion) -> str:
        return str(question)

    @admin.display(description=_("question as sent"))
    def original_text(self, question: LiveQuestion) -> str:
        return format_html("{}", question.text)

    @admin.display(description=_("what would be published (personal data masked)"))
    def published_preview(self, question: LiveQuestion) -> Any:
        return render_masked(question.public_text or question.text)

    @admin.display(description=_("appeal"))
    def tracking_number(self, question: LiveQuestion) -> str:
        return question.appeal.tracking_number if question.appeal is not None else "—"

    @admin.action(description=_("Approve and publish the selected questions"))
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[LiveQuestion]) -> None:
        actor = acting_official(request)
        self.run_each(
            request,
            list(queryset),
            lambda q: live_question_approve(actor=actor, question=q),
            str(_("Questions published: %(n)d.")),
        )

    @admin.action(description=_("Do not publish the selected questions"))
    def reject_selected(self, request: HttpRequest, queryset: QuerySet[LiveQuestion]) -> HttpResponse | None:
        actor = acting_official(request)
        return self.with_form(
            request,
            queryset,
            form_class=ReasonForm,
            title=_("Do not publish the selected questions"),
            action="reject_selected",
            apply=lambda q, data: live_question_reject(actor=actor, question=q, reason=data["reason"]),
            done_message=str(_("Questions not published: %(n)d.")),
        )

    @admin.action(description=_("Merge the selected duplicates into another question"))
    def merge_selected(self, request: HttpRequest, queryset: QuerySet[LiveQuestion]) -> HttpResponse | None:
        actor = acting_official(request)

        def merge(question: LiveQuestion, data: dict[str, Any]) -> LiveQuestion:
            target = self.get_queryset(request).filter(pk=data["into"]).first()
            if target is None:
                raise InvalidInput(str(_("No question of your agency has this number.")))
            return live_question_merge(actor=actor, question=question, into=target)

        return self.with_form(
            request,
            queryset,
            form_class=MergeForm,
            title=_("Merge the selected duplicates into another question"),
            action="merge_selected",
            apply=merge,
            done_message=str(_("Questions merged: %(n)d.")),
        )

    @admin.action(description=_("Edit the published text (mask personal data)"))
    def mask_selected(self, request: HttpRequest, queryset: QuerySet[LiveQuestion]) -> HttpResponse | None:
        actor = acting_official(request)
        first = queryset.first()
        return self.with_form(
            request,
            queryset[:1],
            form_class=PublicTextForm,
            title=_("Edit the published text (mask personal data)"),
            action="mask_selected",
            apply=lambda q, data: live_question_mask(actor=actor, question=q, public_text=data["text"]),
            done_message=str(_("Published texts edited: %(n)d.")),
            form_kwargs={"initial": {"text": first.public_text or first.text}} if first else None,
        )

    @admin.action(description=_("Answer the selected question live"))
    def answer_selected(self, request: HttpRequest, queryset: QuerySet[LiveQuestion]) -> HttpResponse | None:
        actor = acting_official(request)
        return self.with_form(
            request,
            queryset[:1],
            form_class=AnswerForm,
            title=_("Answer the selected question live"),
            action="answer_selected",
            apply=lambda q, data: live_question_answer(actor=actor, question=q, text=data["text"]),
            done_message=str(_("Answers published: %(n)d.")),
        )
