"""The moderation queue: public questions waiting for publication, published ones to hide, and
readers' reports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from appeals.services.handling import RejectionReason
from blogs.admin.base import BlogScopedAdmin, ReasonForm, acting_official
from blogs.models import BlogQuestion, BlogReport, Moderation, ReportedPart
from blogs.services import (
    blog_item_hide,
    blog_question_approve,
    blog_question_make_private,
    blog_question_reject,
    blog_report_dismiss,
)
from portal.masking import render_masked


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Legal ground"), choices=RejectionReason.choices)
    note = forms.CharField(
        label=_("Explanation for the citizen"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PrivateForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is not published (shown to the citizen)"),
        max_length=1000,
        initial=_("It contains personal data."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ModerationStateFilter(admin.SimpleListFilter):
    title = _("moderation")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [*Moderation.choices, ("reported", _("published, with open reports"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[BlogQuestion]) -> QuerySet[BlogQuestion]:
        value = self.value()
        if value == "reported":
            return queryset.filter(reports__resolved_at__isnull=True).distinct()
        if value in Moderation.values:
            return queryset.filter(state=value)
        return queryset


@admin.register(BlogQuestion)
class BlogQuestionAdmin(BlogScopedAdmin):
    list_display = ("subject", "blog", "state", "appeal_link", "asked_at", "due_on", "open_reports")
    list_filter = (ModerationStateFilter,)
    list_select_related = ("appeal", "blog__agency")
    search_fields = ("appeal__tracking_number", "appeal__subject", "public_subject")
    ordering = ("state", "-created_at")
    actions = (
        "approve_selected",
        "reject_selected",
        "make_private_selected",
        "hide_questions",
        "hide_answers",
    )
    fields = (
        "blog",
        "appeal_link",
        "state",
        "original_text",
        "published_preview",
        "published_at",
        "moderation_reason",
        "hidden_at",
        "hidden_reason",
        "answer_hidden_at",
        "answer_hidden_reason",
        "moderation_trail",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[BlogQuestion]:
        return (
            super()
            .get_queryset(request)
            .annotate(open_report_count=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        )

    @admin.display(description=_("subject"), ordering="appeal__subject")
    def subject(self, question: BlogQuestion) -> str:
        return question.appeal.subject

    @admin.display(description=_("asked at"), ordering="appeal__submitted_at")
    def asked_at(self, question: BlogQuestion) -> Any:
        return question.appeal.submitted_at

    @admin.display(description=_("due date"), ordering="appeal__due_on")
    def due_on(self, question: BlogQuestion) -> Any:
        return question.appeal.due_on

    @admin.display(description=_("open reports"), ordering="open_report_count")
    def open_reports(self, question: BlogQuestion) -> int:
        return int(getattr(question, "open_report_count", 0))

    @admin.display(description=_("appeal"))
    def appeal_link(self, question: BlogQuestion) -> str:
        """To the appeal's page in the officials' inbox, where it is answered."""
        try:
            url = reverse(
                "admin:appeals_appeal_change", args=[question.appeal_id], current_app=self.admin_site.name
            )
        except NoReverseMatch:
            return question.appeal.tracking_number
        return format_html('<a href="{}">{}</a>', url, question.appeal.tracking_number)

    @admin.display(description=_("question as sent"))
    def original_text(self, question: BlogQuestion) -> str:
        return format_html("<strong>{}</strong><br>{}", question.appeal.subject, question.appeal.text)

    @admin.display(description=_("what would be published (personal data masked)"))
    def published_preview(self, question: BlogQuestion) -> Any:
        subject = question.public_subject or question.appeal.subject
        text = question.public_text or question.appeal.text
        return format_html(
            "<strong>{}</strong>{}", render_masked(subject, paragraphs=False), render_masked(text)
        )

    @admin.display(description=_("moderation trail"))
    def moderation_trail(self, question: BlogQuestion) -> str:
        rows = [
            format_html(
                "{} — {} — {} {}",
                e.created_at.strftime("%Y-%m-%d %H:%M"),
                e.get_kind_display(),
                e.actor or "",
                e.note,
            )
            for e in question.events.select_related("actor")
        ]
        return format_html("<br>".join(["{}"] * len(rows)), *rows) if rows else "—"

    @admin.action(description=_("Approve and publish the selected questions"))
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[BlogQuestion]) -> None:
        self.run_each(
            request,
            list(queryset),
            lambda q: blog_question_approve(actor=acting_official(request), question=q),
            str(_("Questions published: %(n)d.")),
        )

    @admin.action(description=_("Refuse publication (with a legal ground)"))
    def reject_selected(self, request: HttpRequest, queryset: QuerySet[BlogQuestion]) -> HttpResponse | None:
        return self.with_form(
            request,
            queryset,
            form_class=RejectForm,
            title=_("Refuse publication"),
            action="reject_selected",
            apply=lambda q, data: blog_question_reject(
                actor=acting_official(request),
                question=q,
                reason=data["reason"],
                note=data["note"],  # type: ignore[arg-type]
            ),
            done_message=str(_("Questions refused: %(n)d.")),
        )

    @admin.action(description=_("Convert to a private appeal (not published)"))
    def make_private_selected(
        self, request: HttpRequest, queryset: QuerySet[BlogQuestion]
    ) -> HttpResponse | None:
        return self.with_form(
            request,
            queryset,
            form_class=PrivateForm,
            title=_("Convert to private appeals"),
            action="make_private_selected",
            apply=lambda q, data: blog_question_make_private(
                actor=acting_official(request), question=q, note=data["reason"]
            ),  # type: ignore[arg-type]
            done_message=str(_("Questions converted to private appeals: %(n)d.")),
        )

    @admin.action(description=_("Hide the selected questions (with a reason)"))
    def hide_questions(self, request: HttpRequest, queryset: QuerySet[BlogQuestion]) -> HttpResponse | None:
        return self._hide(request, queryset, ReportedPart.QUESTION, "hide_questions")

    @admin.action(description=_("Hide the answers of the selected questions (with a reason)"))
    def hide_answers(self, request: HttpRequest, queryset: QuerySet[BlogQuestion]) -> HttpResponse | None:
        return self._hide(request, queryset, ReportedPart.ANSWER, "hide_answers")

    def _hide(
        self, request: HttpRequest, queryset: QuerySet[BlogQuestion], part: str, action: str
    ) -> HttpResponse | None:
        return self.with_form(
            request,
            queryset,
            form_class=ReasonForm,
            title=_("Hide answers") if part == ReportedPart.ANSWER else _("Hide questions"),
            action=action,
            apply=lambda q, data: blog_item_hide(
                actor=acting_official(request), question=q, part=part, reason=data["reason"]
            ),  # type: ignore[arg-type]
            done_message=str(_("Hidden: %(n)d.")),
        )


@admin.register(BlogReport)
class BlogReportAdmin(BlogScopedAdmin):
    blog_path = "question__blog"
    list_display = ("question", "part", "reason", "created_at", "resolved_at")
    list_filter = ("part", ("resolved_at", admin.EmptyFieldListFilter))
    list_select_related = ("question__appeal",)
    actions = ("dismiss_selected", "hide_reported")
    fields = ("question", "part", "reason", "created_at", "resolved_at")
    readonly_fields = fields

    @admin.action(description=_("Dismiss the selected reports (leave the item as it is)"))
    def dismiss_selected(self, request: HttpRequest, queryset: QuerySet[BlogReport]) -> None:
        self.run_each(
            request,
            list(queryset),
            lambda r: blog_report_dismiss(actor=acting_official(request), report=r),
            str(_("Reports dismissed: %(n)d.")),
        )

    @admin.action(description=_("Hide what the selected reports point at (with a reason)"))
    def hide_reported(self, request: HttpRequest, queryset: QuerySet[BlogReport]) -> HttpResponse | None:
        # Several reports may point at one item: hide each item once.
        items: dict[tuple[int, str], BlogReport] = {}
        for report in queryset.filter(resolved_at__isnull=True).select_related("question"):
            items.setdefault((report.question_id, report.part), report)
        return self.with_form(
            request,
            list(items.values()),
            form_class=ReasonForm,
            title=_("Hide reported items"),
            action="hide_reported",
            apply=lambda r, data: blog_item_hide(
                actor=acting_official(request),
                question=r.question,
                part=r.part,
                reason=data["reason"],  # type: ignore[arg-type]
            ),
            done_message=str(_("Hidden: %(n)d.")),
        )
