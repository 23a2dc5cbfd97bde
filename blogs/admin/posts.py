"""Posts and their images, written in the admin through `blogs.services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from blogs.admin.base import (
    BlogScopedAdmin,
    ReasonForm,
    SavedThroughServiceMixin,
    ServiceValidatedForm,
    acting_official,
    check_image_field,
)
from blogs.models import Post, PostImage
from blogs.rendering import render_markdown
from blogs.services import (
    blog_image_add,
    blog_image_validate,
    blog_post_hide,
    blog_post_validate,
    blog_post_write,
)


class PostForm(ServiceValidatedForm):
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

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("blog") is not None:
            self.validate_with_service(
                blog_post_validate,
                blog=cleaned["blog"],
                title=str(cleaned.get("title", "")),
                body=str(cleaned.get("body", "")),
                post=self.instance if self.instance.pk else None,
            )
        return cleaned


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

    def save_model(self, request: HttpRequest, obj: Post, form: Any, change: bool) -> None:
        saved = blog_post_write(
            actor=acting_official(request),
            blog=form.cleaned_data["blog"],
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            language=form.cleaned_data["language"],
            publish=form.cleaned_data["publish"],
            post=Post.objects.get(pk=obj.pk) if change else None,
        )
        obj.pk = saved.pk

    @admin.action(description=_("Hide the selected posts (with a reason)"))
    def hide_selected(self, request: HttpRequest, queryset: QuerySet[Post]) -> HttpResponse | None:
        return self.with_form(
            request,
            queryset.select_related("blog"),
            form_class=ReasonForm,
            title=_("Hide posts"),
            action="hide_selected",
            apply=lambda post, data: blog_post_hide(
                actor=acting_official(request), post=post, reason=data["reason"]
            ),
            done_message=str(_("Posts hidden: %(n)d.")),
        )


class PostImageForm(ServiceValidatedForm):
    upload = forms.FileField(label=_("Image"), help_text=_("A JPEG or PNG image of at most 5 MB."))

    class Meta:
        model = PostImage
        fields = ("blog", "alt")

    def clean_upload(self) -> Any:
        upload = self.cleaned_data["upload"]
        check_image_field(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("blog") is not None and cleaned.get("upload") is not None:
            self.validate_with_service(
                blog_image_validate,
                blog=cleaned["blog"],
                upload=cleaned["upload"],
                alt=str(cleaned.get("alt", "")),
            )
        return cleaned


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

    def save_model(self, request: HttpRequest, obj: PostImage, form: Any, change: bool) -> None:
        saved = blog_image_add(
            actor=acting_official(request),
            blog=form.cleaned_data["blog"],
            upload=form.cleaned_data["upload"],
            alt=form.cleaned_data["alt"],
        )
        obj.pk = saved.pk
