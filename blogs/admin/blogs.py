"""The blog screen: a superuser opens a blog for a head; the head's profile (name, position,
photo, open for questions) is edited here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from blogs.admin.base import (
    BlogScopedAdmin,
    SavedThroughServiceMixin,
    ServiceValidatedForm,
    acting_official,
    check_image_field,
)
from blogs.models import Blog
from blogs.services import blog_create, blog_create_validate, blog_profile_update, blog_profile_validate
from officials.models import Official


class BlogCreateForm(ServiceValidatedForm):
    class Meta:
        model = Blog
        fields = ("head",)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("head") is not None:
            self.validate_with_service(blog_create_validate, head=cleaned["head"])
        return cleaned


class BlogProfileForm(ServiceValidatedForm):
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
            check_image_field(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.validate_with_service(
            blog_profile_validate,
            blog=self.instance,
            name=str(cleaned.get("name", "")),
            position=str(cleaned.get("position", "")),
            is_open=bool(cleaned.get("is_open")),
        )
        return cleaned


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

    def save_model(self, request: HttpRequest, obj: Blog, form: Any, change: bool) -> None:
        if not change:
            saved = blog_create(actor=acting_official(request), head=form.cleaned_data["head"])
        else:
            saved = blog_profile_update(
                actor=acting_official(request),
                blog=Blog.objects.get(pk=obj.pk),
                name=form.cleaned_data["name"],
                position=form.cleaned_data["position"],
                about=form.cleaned_data["about"],
                is_open=form.cleaned_data["is_open"],
                photo=form.cleaned_data.get("photo_upload"),
            )
        obj.pk = saved.pk
