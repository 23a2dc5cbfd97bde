"""Public consultations: an agency publishes a draft (a regulation, a plan) with questions;
verified citizens vote (one ballot per question and IIN) and comment (pre-moderated, masked).

When a consultation closes, the response it owes ("what we heard and what we changed") is an
ordinary appeal on the `consultation` channel to the agency (`response_appeal`), so the deadline
sweep, the escalation ladder and the statistics treat it like any other; the agency's answer to
that appeal is the published response. Nothing here is deleted but a replaced vote's choices.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from officials.models import Agency, Region

# The response's term, in working days after closing: at least one, at most the law's longest
# extended term (two months, about 44 working days) — a consultation may not promise less.
MIN_RESPONSE_DAYS, MAX_RESPONSE_DAYS = 1, 44


def site_language() -> str:
    return str(settings.LANGUAGE_CODE)


def file_path(instance: ConsultationFile, filename: str) -> str:
    """Stored under a generated name; the uploader's file name never reaches the disk."""
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"consultations/{uuid.uuid4().hex}{suffix}"


class Stage(models.TextChoices):
    DRAFT = "draft", _("not published")
    UPCOMING = "upcoming", _("opens soon")
    OPEN = "open", _("open for votes")
    CLOSED = "closed", _("closed, response awaited")
    RESPONDED = "responded", _("closed, response published")


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def published(self) -> ConsultationQuerySet:
        return self.filter(published_at__isnull=False)

    def due_to_close(self, now: dt.datetime) -> ConsultationQuerySet:
        return self.published().filter(closed_at__isnull=True, closes_at__lte=now)

    def with_listing(self) -> ConsultationQuerySet:
        return self.select_related("agency", "region", "response_appeal")


class Consultation(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="consultations"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        help_text=_("The region the draft concerns (for a national draft, where the agency sits)."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000)
    # Markdown, sanitised on display (blogs.rendering).
    draft_text = models.TextField(_("draft text (Markdown)"), max_length=100_000)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=site_language
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    results_live = models.BooleanField(
        _("results visible while open"),
        default=False,
        help_text=_("Otherwise the results are published when the consultation closes."),
    )
    response_days = models.PositiveSmallIntegerField(
        _("response due within (working days after closing)"),
        default=15,
        validators=[MinValueValidator(MIN_RESPONSE_DAYS), MaxValueValidator(MAX_RESPONSE_DAYS)],
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The response obligation: an appeal to the agency on the `consultation` channel, registered
    # when the consultation closes; its first answer is the published response.
    response_appeal = models.OneToOneField(
        "appeals.Appeal",
        verbose_name=_("response obligation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ("-opens_at", "-id")
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        indexes = [
            # The closing sweep reads only published consultations not closed yet, by time.
            models.Index(
                fields=["closes_at"],
                name="consultation_to_close_idx",
                condition=Q(closed_at__isnull=True, published_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="consultation_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(response_days__gte=MIN_RESPONSE_DAYS, response_days__lte=MAX_RESPONSE_DAYS),
                name="consultation_response_days_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def stage(self, now: dt.datetime | None = None) -> str:
        now = now or timezone.now()
        if self.published_at is None:
            return Stage.DRAFT
        if now < self.opens_at:
            return Stage.UPCOMING
        if now < self.closes_at:
            return Stage.OPEN
        appeal = self.response_appeal
        if appeal is not None and appeal.answered_at is not None:
            return Stage.RESPONDED
        return Stage.CLOSED

    def is_open_at(self, now: dt.datetime) -> bool:
        return self.published_at is not None and self.opens_at <= now < self.closes_at

    def results_public_at(self, now: dt.datetime) -> bool:
        """Results are public once closed, or from opening when the agency chose live results."""
        if self.published_at is None:
            return False
        return now >= self.closes_at or (self.results_live and now >= self.opens_at)


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("one choice")
    MULTIPLE = "multiple", _("several choices")
    SCALE = "scale", _("a scale from 1 to 5")


SCALE_POINTS = 5


class Question(models.Model):
    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.PROTECT, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)

    class Meta:
        ordering = ("position", "id")
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="options"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(_("option"), max_length=300)

    class Meta:
        ordering = ("position", "id")
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="consultation_option_position_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label


class ConsultationFile(models.Model):
    """An attachment to the draft (the full text as PDF, an annex), public with the consultation."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="files")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=file_path, max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class Ballot(models.Model):
    """One citizen's vote on one question. `voter_key` is a keyed hash of the voter's IIN (the
    IIN itself is not copied here): one ballot per question per IIN, and per account. A changed
    vote replaces the ballot's choices; the row stays."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="ballots")
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="ballots")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    voter_key = models.CharField(max_length=64)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    cast_at = models.DateTimeField(_("voted at"))
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    class Meta:
        ordering = ("id",)
        constraints = [
            models.UniqueConstraint(fields=["question", "voter"], name="consultation_ballot_one_per_account"),
            models.UniqueConstraint(fields=["question", "voter_key"], name="consultation_ballot_one_per_iin"),
        ]

    def __str__(self) -> str:
        return f"ballot #{self.pk} on question #{self.question_id}"


class BallotChoice(models.Model):
    """An option chosen on a ballot, with the ballot's question and region copied so results
    are counted from this table alone."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="choices")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], name="consultation_choice_once"),
        ]
        indexes = [
            models.Index(fields=["question", "option", "region"], name="consultation_choice_count_idx")
        ]

    def __str__(self) -> str:
        return f"option #{self.option_id} on ballot #{self.ballot_id}"


class CommentState(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("not published")


class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.PROTECT, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("comment as sent"), max_length=5000)
    # What the public sees: set at approval, personal data masked.
    public_text = models.TextField(_("published text"), blank=True)
    state = models.CharField(
        _("moderation"), max_length=12, choices=CommentState.choices, default=CommentState.PENDING
    )
    moderation_reason = models.TextField(_("moderator's reason"), blank=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"))

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["consultation", "state", "created_at"], name="consultation_comment_idx")
        ]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.get_state_display()})"
