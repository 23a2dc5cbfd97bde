"""Moderating citizens' comments: publish (masked) or refuse with a reason the citizen sees."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from blogs.consultations.admin.base import AgencyScopedAdmin, acting_official
from blogs.consultations.models import Comment
from blogs.consultations.services import consultation_comment_approve, consultation_comment_reject
from portal.masking import render_masked


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is not published (shown to the citizen)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@admin.register(Comment)
class CommentAdmin(AgencyScopedAdmin):
    agency_path = "consultation__"
    list_display = ("__str__", "consultation", "state", "created_at")
    list_filter = ("state",)
    list_select_related = ("consultation",)
    ordering = ("state", "created_at")
    fields = ("consultation", "state", "text", "published_preview", "moderation_reason", "moderated_at")
    readonly_fields = fields
    actions = ("approve_selected", "reject_selected")

    @admin.display(description=_("what would be published (personal data masked)"))
    def published_preview(self, comment: Comment) -> Any:
        return render_masked(comment.public_text or comment.text)

    @admin.action(description=_("Approve and publish the selected comments"))
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self.run_each(
            request,
            list(queryset),
            lambda c: consultation_comment_approve(actor=acting_official(request), comment=c),
            str(_("Comments published: %(n)d.")),
        )

    @admin.action(description=_("Refuse publication (with a reason)"))
    def reject_selected(self, request: HttpRequest, queryset: QuerySet[Comment]) -> HttpResponse | None:
        objects = list(queryset)
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self.run_each(
                request,
                objects,
                lambda c: consultation_comment_reject(
                    actor=acting_official(request), comment=c, reason=form.cleaned_data["reason"]
                ),
                str(_("Comments refused: %(n)d.")),
            )
            return None
        return TemplateResponse(
            request,
            "admin/blogs/reason_form.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Refuse publication"),
                "opts": self.opts,
                "objects": objects,
                "form": form,
                "action": "reject_selected",
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
            status=400 if form.is_bound else 200,
        )
