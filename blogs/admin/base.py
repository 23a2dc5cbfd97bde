"""What the blogs' admin screens share: an official sees and moderates only the blog of their
own agency (a superuser all); every change goes through `blogs.services`; nothing is deleted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from blogs.models import Blog
from blogs.scope import moderation_scope
from blogs.services import check_image
from portal.admin_kit import SavedThroughServiceMixin as SavedThroughServiceMixin
from portal.admin_kit import ServiceActionsMixin, acting_official
from portal.admin_kit import ServiceValidatedForm as ServiceValidatedForm
from portal.admin_permissions import ScopedReadOnlyPermissions
from portal.domain_errors import DomainError


class BlogScopedAdmin(ServiceActionsMixin, ScopedReadOnlyPermissions, admin.ModelAdmin):
    """Only the blogs the official moderates; no deletion, ever."""

    blog_path = "blog"

    def may_view(self, request: HttpRequest) -> bool:
        return self.moderates_any(request)

    def moderates_any(self, request: HttpRequest) -> bool:
        return moderation_scope(acting_official(request)) is not None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        prefix = f"{self.blog_path}__" if self.blog_path else ""
        scope = moderation_scope(acting_official(request), prefix=prefix)
        return queryset.none() if scope is None else queryset.filter(scope)

    def moderated_blogs(self, request: HttpRequest) -> QuerySet[Blog]:
        scope = moderation_scope(acting_official(request), prefix="")
        return (
            Blog.objects.filter(scope).select_related("agency") if scope is not None else Blog.objects.none()
        )


def check_image_field(upload: Any) -> None:
    """The services' image check, as a form error (the admin keeps what was typed)."""
    try:
        check_image(upload)
    except DomainError as error:
        raise forms.ValidationError(str(error)) from error


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
