"""Heads' blogs: the head's profile, posts, and citizens' public questions.

A public question is an ordinary appeal (channel "blog") that runs on the same clock; the
`BlogQuestion` row only holds what publication needs: the moderation state, the masked public
text and when it was published or hidden. Nothing here is ever deleted; moderation writes
`BlogEvent` rows (who, when, why).
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from officials.models import Agency, Official
from portal.append_only import AppendOnlyModel

# PostgreSQL text search configurations by portal language; Kazakh has none, so no stemming.
SEARCH_CONFIGS = {"ru": "russian", "en": "english", "kk": "simple"}


def search_config_for(language: str) -> str:
    return SEARCH_CONFIGS.get(language, "simple")


def _generated_name(folder: str, filename: str) -> str:
    """Stored under a generated name; the uploader's file name never reaches the disk."""
    suffix = PurePath(filename).suffix.lower()[:5]
    return f"blogs/{folder}/{uuid.uuid4().hex}{suffix}"


def photo_path(instance: Blog, filename: str) -> str:
    return _generated_name("photos", filename)


def post_image_path(instance: PostImage, filename: str) -> str:
    return _generated_name("images", filename)


class BlogQuerySet(models.QuerySet["Blog"]):
    def public(self) -> BlogQuerySet:
        """Blogs the public can read: a complete profile of an active head."""
        return (
            self.exclude(name="")
            .exclude(position="")
            .filter(head__is_active=True, head__user__is_active=True, agency__is_active=True)
        )

    def with_profile(self) -> BlogQuerySet:
        return self.select_related("agency", "head")


def site_language() -> str:
    """The portal's default language (a callable, so migrations don't depend on settings)."""
    return str(settings.LANGUAGE_CODE)


class Blog(models.Model):
    """One blog per agency, run by the agency's head."""

    agency = models.OneToOneField(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="blog"
    )
    head = models.OneToOneField(
        Official,
        verbose_name=_("head of agency"),
        on_delete=models.PROTECT,
        related_name="blog",
        limit_choices_to={"role": Official.Role.HEAD},
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=300, blank=True)
    about = models.TextField(_("about"), blank=True, max_length=2000)
    photo = models.FileField(_("photo"), upload_to=photo_path, max_length=200, blank=True)
    photo_content_type = models.CharField(max_length=50, blank=True)
    is_open = models.BooleanField(
        _("accepts questions"),
        default=True,
        help_text=_("When closed, the blog stays readable but takes no new questions."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BlogQuerySet.as_manager()

    class Meta:
        ordering = ("agency__slug",)
        verbose_name = _("blog")
        verbose_name_plural = _("blogs")

    def __str__(self) -> str:
        return f"{self.name or self.head} ({self.agency.slug})"

    @property
    def slug(self) -> str:
        return self.agency.slug

    @property
    def is_complete(self) -> bool:
        return bool(self.name.strip() and self.position.strip())


class PostQuerySet(models.QuerySet["Post"]):
    def published(self) -> PostQuerySet:
        return self.filter(published_at__isnull=False, hidden_at__isnull=True)

    def for_listing(self) -> PostQuerySet:
        return self.select_related("blog__agency")


class Post(models.Model):
    blog = models.ForeignKey(Blog, verbose_name=_("blog"), on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=site_language
    )
    # Markdown; rendered and sanitised on display (`blogs.markdown`), so a change in the
    # sanitiser's rules applies to every post at once.
    body = models.TextField(_("text (Markdown)"), max_length=50_000)
    search_config = models.CharField(max_length=20, editable=False, default="simple")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.TextField(_("why hidden"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ("-published_at", "-id")
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["blog", "-published_at"], name="blog_post_published_idx")]

    def __str__(self) -> str:
        return self.title


class PostImage(models.Model):
    """An image for posts, uploaded in the admin through the content checks; public once
    attached to a published post's blog (served by a view, MEDIA stays private)."""

    blog = models.ForeignKey(Blog, on_delete=models.PROTECT, related_name="images")
    file = models.FileField(upload_to=post_image_path, max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveBigIntegerField()
    alt = models.CharField(_("text alternative"), max_length=300)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.alt


class Moderation(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("not published")
    PRIVATE = "private", _("handled as a private appeal")


class BlogQuestionQuerySet(models.QuerySet["BlogQuestion"]):
    def published(self) -> BlogQuestionQuerySet:
        return self.filter(state=Moderation.PUBLISHED)

    def listed(self) -> BlogQuestionQuerySet:
        """Published and not hidden: what public lists, feeds and search show."""
        return self.published().filter(hidden_at__isnull=True)

    def answered(self) -> BlogQuestionQuerySet:
        return self.filter(appeal__answered_at__isnull=False)

    def waiting(self) -> BlogQuestionQuerySet:
        from appeals.models.appeal import UNANSWERED

        return self.filter(
            appeal__answered_at__isnull=True,
            appeal__status__in=UNANSWERED,
            appeal__overdue_since__isnull=True,
        )

    def overdue(self) -> BlogQuestionQuerySet:
        from appeals.models.appeal import UNANSWERED

        return self.filter(appeal__status__in=UNANSWERED, appeal__overdue_since__isnull=False)

    def with_appeal(self) -> BlogQuestionQuerySet:
        return self.select_related("appeal", "appeal__region", "blog__agency")


class BlogQuestion(models.Model):
    blog = models.ForeignKey(Blog, verbose_name=_("blog"), on_delete=models.PROTECT, related_name="questions")
    appeal = models.OneToOneField(
        "appeals.Appeal", verbose_name=_("appeal"), on_delete=models.PROTECT, related_name="blog_question"
    )
    state = models.CharField(
        _("moderation"), max_length=12, choices=Moderation.choices, default=Moderation.PENDING
    )
    language = models.CharField(_("language"), max_length=8, default=site_language)
    search_config = models.CharField(max_length=20, default="simple")
    # What the public sees: set at approval, personal data masked.
    public_subject = models.CharField(_("published subject"), max_length=200, blank=True)
    public_text = models.TextField(_("published text"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Shown to the citizen when the question is not published.
    moderation_reason = models.TextField(_("moderator's reason"), blank=True)
    hidden_at = models.DateTimeField(_("question hidden at"), null=True, blank=True)
    hidden_reason = models.TextField(_("why the question was hidden"), blank=True)
    answer_hidden_at = models.DateTimeField(_("answer hidden at"), null=True, blank=True)
    answer_hidden_reason = models.TextField(_("why the answer was hidden"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BlogQuestionQuerySet.as_manager()

    class Meta:
        ordering = ("-published_at", "-id")
        verbose_name = _("public question")
        verbose_name_plural = _("public questions")
        indexes = [
            models.Index(fields=["blog", "state", "-published_at"], name="blog_question_listing_idx"),
            models.Index(
                fields=["blog", "created_at"],
                name="blog_question_pending_idx",
                condition=Q(state="pending"),
            ),
        ]

    def __str__(self) -> str:
        return self.public_subject or self.appeal.tracking_number

    @property
    def is_listed(self) -> bool:
        return self.state == Moderation.PUBLISHED and self.hidden_at is None


class ReportedPart(models.TextChoices):
    QUESTION = "question", _("the question")
    ANSWER = "answer", _("the answer")


class BlogReport(models.Model):
    """A reader's report of a published question or answer; a moderator resolves it."""

    question = models.ForeignKey(BlogQuestion, on_delete=models.PROTECT, related_name="reports")
    part = models.CharField(_("what"), max_length=10, choices=ReportedPart.choices)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=1000)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "part", "reporter"],
                condition=Q(resolved_at__isnull=True),
                name="blog_report_one_open_per_reader",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_part_display()} #{self.question_id}"


class BlogEventKind(models.TextChoices):
    ASKED = "asked", _("question asked")
    APPROVED = "approved", _("published")
    REJECTED = "rejected", _("publication refused")
    MADE_PRIVATE = "made_private", _("converted to a private appeal")
    REPORTED = "reported", _("reported by a reader")
    HIDDEN = "hidden", _("hidden by a moderator")
    POST_WRITTEN = "post_written", _("post written")
    POST_HIDDEN = "post_hidden", _("post hidden")


class BlogEvent(AppendOnlyModel):
    """The moderation trail. Append-only: rows are never changed or deleted."""

    blog = models.ForeignKey(Blog, on_delete=models.PROTECT, related_name="events")
    question = models.ForeignKey(
        BlogQuestion, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    post = models.ForeignKey(Post, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    kind = models.CharField(_("what"), max_length=20, choices=BlogEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("why"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), db_index=True)

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.created_at:%Y-%m-%d %H:%M}"
