"""Atom feeds of a blog: its posts, and its answered questions (Django's syndication framework)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from blogs.models import Blog, BlogQuestion, Post
from blogs.rendering import render_markdown
from blogs.selectors import answered_questions, blog_posts, public_blogs
from portal.masking import plain_masked, render_masked

FEED_ITEMS = 30


class _BlogFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Blog:  # type: ignore[override]
        return get_object_or_404(public_blogs(), agency__slug=slug)

    def link(self, blog: Blog) -> str:
        return reverse("blogs:blog", args=[blog.slug])

    def author_name(self, blog: Blog) -> str:
        return f"{blog.name}, {blog.position}"


class PostsFeed(_BlogFeed):
    def title(self, blog: Blog) -> str:
        return _("%(name)s: posts") % {"name": blog.name}

    def subtitle(self, blog: Blog) -> str:
        return str(blog.agency.name)

    def items(self, blog: Blog) -> list[Post]:
        # The feed object is shared between requests: per-request data goes on the items.
        image_ids = set(blog.images.values_list("pk", flat=True))
        posts = list(blog_posts(blog)[:FEED_ITEMS])
        for post in posts:
            post.image_ids = image_ids  # type: ignore[attr-defined]
        return posts

    def item_title(self, post: Post) -> str:
        return post.title

    def item_description(self, post: Post) -> str:
        blog = post.blog
        return str(
            render_markdown(
                post.body,
                image_url=lambda pk: settings.PORTAL_BASE_URL + reverse("blogs:image", args=[blog.slug, pk]),
                image_ids=post.image_ids,  # type: ignore[attr-defined]
            )
        )

    def item_link(self, post: Post) -> str:
        return reverse("blogs:post", args=[post.blog.slug, post.pk])

    def item_pubdate(self, post: Post) -> dt.datetime | None:
        return post.published_at

    def item_updateddate(self, post: Post) -> dt.datetime:
        return post.updated_at


class AnswersFeed(_BlogFeed):
    def title(self, blog: Blog) -> str:
        return _("%(name)s: answered questions") % {"name": blog.name}

    def subtitle(self, blog: Blog) -> str:
        return str(blog.agency.name)

    def items(self, blog: Blog) -> list[BlogQuestion]:
        return list(answered_questions(blog)[:FEED_ITEMS])

    def item_title(self, question: BlogQuestion) -> str:
        return plain_masked(question.public_subject)

    def item_description(self, question: BlogQuestion) -> str:
        answers: Any = question.appeal.answers.all()
        parts = [
            f"<h2>{_('Question')}</h2>",
            str(render_masked(question.public_text)),
            f"<h2>{_('Answer')}</h2>",
            *(str(render_masked(answer.text)) for answer in answers),
        ]
        return "\n".join(parts)

    def item_link(self, question: BlogQuestion) -> str:
        return reverse("blogs:question", args=[question.blog.slug, question.pk])

    def item_pubdate(self, question: BlogQuestion) -> dt.datetime | None:
        return question.published_at

    def item_updateddate(self, question: BlogQuestion) -> dt.datetime | None:
        return question.appeal.answered_at
