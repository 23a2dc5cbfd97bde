"""The blogs in the officials' admin: the head's profile, posts and images written here, and the
moderation queue of public questions and readers' reports.

An official (officer or head) sees and moderates only the blog of their own agency; a
superuser all. Every change goes through `blogs.services`; nothing can be deleted here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from appeals.services.handling import RejectionReason
from blogs.masking import render_masked
from blogs.models import Blog, BlogEvent, BlogQuestion, BlogReport, Moderation, Post, PostImage, ReportedPart
from blogs.rendering import render_markdown
from blogs.scope import moderation_scope
from blogs.services import (
    blog_create,
    blog_image_add,
    blog_item_hide,
    blog_post_hide,
    blog_post_write,
    blog_profile_update,
    blog_question_approve,
    blog_question_make_private,
    blog_question_reject,
    blog_report_dismiss,
    check_image,
)
from officials.models import Official
from portal.accounts.models import User
from portal.errors import DomainError


def _actor(request: HttpRequest) -> User:
    """The signed-in official (the admin site lets nobody else in)."""
    return cast(User, request.user)


class BlogScopedAdmin(admin.ModelAdmin):
    """Only the blogs the official moderates; no deletion, ever."""

    blog_path = "blog"

    def moderates_any(self, request: HttpRequest) -> bool:
        return moderation_scope(_actor(request)) is not None

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.moderates_any(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.moderates_any(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        prefix = f"{self.blog_path}__" if self.blog_path else ""
        scope = moderation_scope(_actor(request), prefix=prefix)
        return queryset.none() if scope is None else queryset.filter(scope)

    def moderated_blogs(self, request: HttpRequest) -> QuerySet[Blog]:
        scope = moderation_scope(_actor(request), prefix="")
        return (
            Blog.objects.filter(scope).select_related("agency") if scope is not None else Blog.objects.none()
        )

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
                self.message_user(request, f"{obj}: {error}", messages.ERROR)
        if done:
            self.message_user(request, done_message % {"n": done}, messages.SUCCESS)

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
    ) -> HttpResponse | None:
        """An action that asks for a reason first (an intermediate page), then applies it."""
        objects = list(queryset)
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self.run_each(request, objects, lambda obj: apply(obj, form.cleaned_data), done_message)
            return None
        return TemplateResponse(
            request,
            "admin/blogs/reason_form.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "opts": self.opts,
                "objects": objects,
                "form": form,
                "action": action,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
            status=400 if form.is_bound else 200,
        )


# --- blogs ------------------------------------------------------------------------------------


class BlogCreateForm(forms.ModelForm):
    class Meta:
        model = Blog
        fields = ("head",)


class BlogProfileForm(forms.ModelForm):
    photo_upload = forms.FileField(
        label=_("New photo"),
        required=False,
        help_text=_("A JPEG or PNG image of at most 5 MB. It is shown publicly on the blog."),
    )

    class Meta:
        model = Blog
        fields = ("name", "position", "about", "is_open")

    def clean_photo_upload(self) -> Any:
        upload = self.cleaned_data.get("photo_upload")
        if upload is not None:
            _check_image_field(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("is_open") and not (
            str(cleaned.get("name", "")).strip() and str(cleaned.get("position", "")).strip()
        ):
            raise forms.ValidationError(
                _("Give the head's name and position before opening the blog for questions.")
            )
        return cleaned


def _check_image_field(upload: Any) -> None:
    """The services' image check, as a form error (the admin keeps what was typed)."""
    try:
        check_image(upload)
    except DomainError as error:
        raise forms.ValidationError(str(error)) from error


class _FormRejected(Exception):
    """A service refused what the admin form sent: the form is shown again with the message."""


def _rerender_on_rejection(
    view: Callable[..., HttpResponse], request: HttpRequest, *args: Any
) -> HttpResponse:
    try:
        return view(request, *args)
    except _FormRejected as rejected:
        message = str(rejected.__cause__)
        messages.error(request, message)
        # Render the same page again (GET), with the service's message on top; nothing saved.
        request.method = "GET"
        response = view(request, *args)
        response.status_code = 400
        return response


class SavedThroughServiceMixin:
    """For admins whose `save_model` calls a service: a refusal (`_FormRejected`) shows the same
    form again with the service's message and a 400; nothing related is saved by the admin."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        view = super().changeform_view  # type: ignore[misc]
        return _rerender_on_rejection(view, request, object_id, form_url, extra_context)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        return None


@admin.register(Blog)
class BlogAdmin(SavedThroughServiceMixin, BlogScopedAdmin):
    blog_path = ""
    list_display = ("agency", "name", "position", "is_open", "public_link")
    list_select_related = ("agency",)
    readonly_fields = ("agency", "head", "current_photo", "public_link")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.moderates_any(request)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        kwargs["form"] = BlogProfileForm if obj is not None else BlogCreateForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("head",)
        return (
            "agency",
            "head",
            "public_link",
            "name",
            "position",
            "about",
            "current_photo",
            "photo_upload",
            "is_open",
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else self.readonly_fields

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "head":
            kwargs["queryset"] = (
                Official.objects.active()
                .filter(role=Official.Role.HEAD, blog__isnull=True)
                .select_related("user", "agency")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("Photo"))
    def current_photo(self, blog: Blog) -> str:
        if not blog.photo:
            return str(_("No photo"))
        return format_html(
            '<img src="{}" alt="{}" width="96" height="96">',
            reverse("blogs:photo", args=[blog.slug]),
            blog.name,
        )

    @admin.display(description=_("Public page"))
    def public_link(self, blog: Blog) -> str:
        if not blog.is_complete:
            return str(_("Not public: give the name and position."))
        url = reverse("blogs:blog", args=[blog.slug])
        return format_html('<a href="{}">{}</a>', url, url)

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        return form.save(commit=False)

    def save_model(self, request: HttpRequest, obj: Blog, form: Any, change: bool) -> None:
        try:
            if not change:
                saved = blog_create(actor=_actor(request), head=form.cleaned_data["head"])
            else:
                saved = blog_profile_update(
                    actor=_actor(request),
                    blog=Blog.objects.get(pk=obj.pk),
                    name=form.cleaned_data["name"],
                    position=form.cleaned_data["position"],
                    about=form.cleaned_data["about"],
                    is_open=form.cleaned_data["is_open"],
                    photo=form.cleaned_data.get("photo_upload"),
                )
        except DomainError as error:
            form.add_error(None, str(error))
            raise _FormRejected from error
        obj.pk = saved.pk


# --- posts and images --------------------------------------------------------------------------


class PostForm(forms.ModelForm):
    publish = forms.BooleanField(label=_("Published"), required=False)

    class Meta:
        model = Post
        fields = ("blog", "title", "language", "body")
        help_texts = {
            "body": _(
                "Markdown. Raw HTML, scripts and javascript: links are removed when the post is shown. "
                "Insert an uploaded image as ![description](image:ID), with the ID from the images list."
            )
        }


@admin.register(Post)
class PostAdmin(SavedThroughServiceMixin, BlogScopedAdmin):
    form = PostForm
    list_display = ("title", "blog", "language", "published_at", "hidden_at")
    list_filter = ("language",)
    list_select_related = ("blog__agency",)
    search_fields = ("title",)
    readonly_fields = ("preview", "hidden_at", "hidden_reason")
    actions = ("hide_selected",)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.moderates_any(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.moderates_any(request)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["blog", "title", "language", "body", "publish"]
        return [*fields, "preview", "hidden_at", "hidden_reason"] if obj is not None else fields

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        form.base_fields["blog"].queryset = self.moderated_blogs(request)  # type: ignore[attr-defined]
        form.base_fields["publish"].initial = obj is not None and obj.published_at is not None
        return form

    @admin.display(description=_("Preview (as published, sanitised)"))
    def preview(self, post: Post) -> Any:
        image_ids = set(post.blog.images.values_list("pk", flat=True))
        return render_markdown(
            post.body,
            image_url=lambda pk: reverse("blogs:image", args=[post.blog.slug, pk]),
            image_ids=image_ids,
        )

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        return form.save(commit=False)

    def save_model(self, request: HttpRequest, obj: Post, form: Any, change: bool) -> None:
        try:
            saved = blog_post_write(
                actor=_actor(request),
                blog=form.cleaned_data["blog"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                language=form.cleaned_data["language"],
                publish=form.cleaned_data["publish"],
                post=Post.objects.get(pk=obj.pk) if change else None,
            )
        except DomainError as error:
            raise _FormRejected from error
        obj.pk = saved.pk

    @admin.action(description=_("Hide the selected posts (with a reason)"))
    def hide_selected(self, request: HttpRequest, queryset: QuerySet[Post]) -> HttpResponse | None:
        return self.with_form(
            request,
            queryset.select_related("blog"),
            form_class=ReasonForm,
            title=_("Hide posts"),
            action="hide_selected",
            apply=lambda post, data: blog_post_hide(actor=_actor(request), post=post, reason=data["reason"]),
            done_message=str(_("Posts hidden: %(n)d.")),
        )


class PostImageForm(forms.ModelForm):
    upload = forms.FileField(label=_("Image"), help_text=_("A JPEG or PNG image of at most 5 MB."))

    class Meta:
        model = PostImage
        fields = ("blog", "alt")

    def clean_upload(self) -> Any:
        upload = self.cleaned_data["upload"]
        _check_image_field(upload)
        return upload


@admin.register(PostImage)
class PostImageAdmin(SavedThroughServiceMixin, BlogScopedAdmin):
    form = PostImageForm
    list_display = ("alt", "blog", "markdown", "created_at")
    list_select_related = ("blog__agency",)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.moderates_any(request)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (
            ("blog", "alt", "upload") if obj is None else ("blog", "alt", "markdown", "content_type", "size")
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else ("blog", "alt", "markdown", "content_type", "size")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        if "blog" in form.base_fields:
            form.base_fields["blog"].queryset = self.moderated_blogs(request)  # type: ignore[attr-defined]
        return form

    @admin.display(description=_("Markdown to insert it"))
    def markdown(self, image: PostImage) -> str:
        return f"![{image.alt}](image:{image.pk})"

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        return form.save(commit=False)

    def save_model(self, request: HttpRequest, obj: PostImage, form: Any, change: bool) -> None:
        try:
            saved = blog_image_add(
                actor=_actor(request),
                blog=form.cleaned_data["blog"],
                upload=form.cleaned_data["upload"],
                alt=form.cleaned_data["alt"],
            )
        except DomainError as error:
            raise _FormRejected from error
        obj.pk = saved.pk


# --- the moderation queue ------------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


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
            lambda q: blog_question_approve(actor=_actor(request), question=q),
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
                actor=_actor(request),
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
                actor=_actor(request), question=q, note=data["reason"]
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
                actor=_actor(request), question=q, part=part, reason=data["reason"]
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
            lambda r: blog_report_dismiss(actor=_actor(request), report=r),
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
                actor=_actor(request),
                question=r.question,
                part=r.part,
                reason=data["reason"],  # type: ignore[arg-type]
            ),
            done_message=str(_("Hidden: %(n)d.")),
        )


@admin.register(BlogEvent)
class BlogEventAdmin(BlogScopedAdmin):
    list_display = ("created_at", "kind", "blog", "question", "post", "actor", "note")
    list_filter = ("kind",)
    list_select_related = ("blog__agency", "question__appeal", "post", "actor")
