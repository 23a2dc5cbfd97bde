"""The blogs' event trail, read-only."""

from __future__ import annotations

from django.contrib import admin

from blogs.admin.base import BlogScopedAdmin
from blogs.models import BlogEvent


@admin.register(BlogEvent)
class BlogEventAdmin(BlogScopedAdmin):
    list_display = ("created_at", "kind", "blog", "question", "post", "actor", "note")
    list_filter = ("kind",)
    list_select_related = ("blog__agency", "question__appeal", "post", "actor")
