"""Reads for the blog pages, feeds and search. Each returns a queryset or plain data and owns
its joins, so list pages make a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from appeals.models import AppealEvent, EventKind
from blogs.models import Blog, BlogQuestion, BlogQuestionQuerySet, Post, PostQuerySet

QUESTION_FILTERS = {
    "answered": _("Answered"),
    "waiting": _("Waiting for an answer"),
    "overdue": _("Overdue"),
}


def public_blogs() -> QuerySet[Blog]:
    return Blog.objects.public().with_profile()


def blog_questions(blog: Blog, *, status: str | None = None) -> BlogQuestionQuerySet:
    questions = BlogQuestion.objects.filter(blog=blog).listed().with_appeal()
    if status == "answered":
        questions = questions.answered()
    elif status == "waiting":
        questions = questions.waiting()
    elif status == "overdue":
        questions = questions.overdue()
    return questions.order_by("-published_at", "-id")


def blog_posts(blog: Blog) -> PostQuerySet:
    return Post.objects.filter(blog=blog).published().for_listing()


def answered_questions(blog: Blog) -> BlogQuestionQuerySet:
    """Published questions with a visible answer, latest answer first (the answers feed)."""
    return (
        BlogQuestion.objects.filter(blog=blog, answer_hidden_at__isnull=True)
        .listed()
        .answered()
        .with_appeal()
        .prefetch_related("appeal__answers")
        .order_by("-appeal__answered_at", "-id")
    )


def questions_of(user: Any) -> BlogQuestionQuerySet:
    """A citizen's own public questions, whatever their state."""
    if not user.is_authenticated:
        return BlogQuestion.objects.none()
    return BlogQuestion.objects.filter(appeal__citizen=user).with_appeal().order_by("-created_at", "-id")


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    at: dt.datetime
    label: str
    detail: str = ""


def question_timeline(question: BlogQuestion) -> list[TimelineEntry]:
    """What the public may know of the question's life: asked, published, escalated, answered,
    rated; hidden parts and redirections too. Never internal notes or officials' names."""
    appeal = question.appeal
    entries = [TimelineEntry("asked", appeal.submitted_at, str(_("Asked")))]
    if question.published_at:
        entries.append(TimelineEntry("published", question.published_at, str(_("Published"))))
    events = AppealEvent.objects.filter(
        appeal=appeal,
        is_internal=False,
        kind__in=(
            EventKind.ESCALATED,
            EventKind.EXTENDED,
            EventKind.REDIRECTED,
            EventKind.REDIRECT_RECEIVED,
            EventKind.REJECTED,
        ),
    ).only("kind", "created_at", "data", "note")
    for event in events:
        if event.kind == EventKind.ESCALATED:
            level = int(event.data.get("level", 1) or 1)
            detail = (
                str(_("The head of the agency was made accountable for the overdue answer."))
                if level == 1
                else str(_("Passed to the superior body for control."))
            )
            entries.append(TimelineEntry("escalated", event.created_at, str(_("Escalated")), detail))
        elif event.kind == EventKind.EXTENDED:
            entries.append(TimelineEntry("extended", event.created_at, str(_("Term extended"))))
        elif event.kind in (EventKind.REDIRECTED, EventKind.REDIRECT_RECEIVED):
            entries.append(
                TimelineEntry("redirected", event.created_at, str(_("Sent to the competent agency")))
            )
        elif event.kind == EventKind.REJECTED:
            entries.append(
                TimelineEntry("rejected", event.created_at, str(_("Left without consideration")), event.note)
            )
    for answer in appeal.answers.all():
        entries.append(TimelineEntry("answered", answer.sent_at, str(_("Answered"))))
    if appeal.rated_at:
        entries.append(TimelineEntry("rated", appeal.rated_at, str(_("Rated by the citizen"))))
    return sorted(entries, key=lambda entry: entry.at)


# --- search ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchResults:
    posts: list[Post]
    questions: list[BlogQuestion]

    def __len__(self) -> int:
        return len(self.posts) + len(self.questions)


SEARCH_LIMIT = 50


def search(text: str, *, blog: Blog | None = None, limit: int = SEARCH_LIMIT) -> SearchResults:
    """Posts and published questions matching `text`, best first.

    On PostgreSQL each row is searched with its own language's configuration (`russian`,
    `english`; Kazakh has none, `simple`), stored on the row, so stemming matches the text's
    language. Elsewhere (SQLite) a plain case-insensitive substring match.
    """
    text = text.strip()[:200]
    posts = Post.objects.published().filter(blog__in=public_blogs()).for_listing()
    questions = BlogQuestion.objects.listed().filter(blog__in=public_blogs()).with_appeal()
    if blog is not None:
        posts, questions = posts.filter(blog=blog), questions.filter(blog=blog)
    if not text:
        return SearchResults([], [])
    if connection.vendor == "postgresql":
        post_vector = SearchVector("title", weight="A", config=F("search_config")) + SearchVector(
            "body", weight="B", config=F("search_config")
        )
        post_query = SearchQuery(text, search_type="websearch", config=F("search_config"))
        posts = (
            posts.annotate(rank=SearchRank(post_vector, post_query))
            .filter(rank__gt=0)
            .order_by("-rank", "-published_at")
        )
        question_vector = SearchVector(
            "public_subject", weight="A", config=F("search_config")
        ) + SearchVector("public_text", weight="B", config=F("search_config"))
        question_query = SearchQuery(text, search_type="websearch", config=F("search_config"))
        questions = (
            questions.annotate(rank=SearchRank(question_vector, question_query))
            .filter(rank__gt=0)
            .order_by("-rank", "-published_at")
        )
    else:
        posts = posts.filter(Q(title__icontains=text) | Q(body__icontains=text)).order_by("-published_at")
        questions = questions.filter(
            Q(public_subject__icontains=text) | Q(public_text__icontains=text)
        ).order_by("-published_at")
    return SearchResults(list(posts[:limit]), list(questions[:limit]))
