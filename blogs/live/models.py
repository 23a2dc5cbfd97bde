"""Live Q&A sessions: an agency's head answers citizens' questions at a set time.

A question is not an appeal while the session runs: citizens ask and upvote, moderators approve,
merge duplicates and mask personal data, the head's team answers live. When the session ends,
every approved question still unanswered becomes an ordinary appeal to the agency on the legal
clock (`appeal`, set once, by the sweep in `blogs.live.conversion`). Nothing is deleted; every
step is a `LiveEvent` row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from officials.models import Agency, Region
from portal.append_only import AppendOnlyModel


class SessionState(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    LIVE = "live", _("live now")
    ENDED = "ended", _("ended")


class LiveSessionQuerySet(models.QuerySet["LiveSession"]):
    def public(self) -> LiveSessionQuerySet:
        return self.filter(agency__is_active=True).select_related("agency")

    def conversion_due(self, now: object) -> LiveSessionQuerySet:
        """Sessions whose unanswered questions still wait to become appeals: ended by the head,
        or past their planned end (the sweep ends those itself)."""
        return self.filter(converted_at__isnull=True).filter(
            Q(state=SessionState.ENDED) | Q(ends_at__lte=now)
        )


class LiveSession(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="live_sessions"
    )
    topic = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    host_name = models.CharField(_("who answers"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("planned end"))
    state = models.CharField(
        _("state"), max_length=10, choices=SessionState.choices, default=SessionState.SCHEDULED
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    # Set once every unanswered approved question has become an appeal (blogs.live.conversion).
    converted_at = models.DateTimeField(_("questions filed as appeals at"), null=True, blank=True)
    # Bumped by every change the public fragment shows: its ETag and its cache key.
    version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("scheduled by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LiveSessionQuerySet.as_manager()

    class Meta:
        ordering = ("-starts_at", "-id")
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        indexes = [
            models.Index(
                fields=["ends_at"],
                name="live_session_unconverted_idx",
                condition=Q(converted_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="live_session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def takes_questions(self) -> bool:
        return self.state != SessionState.ENDED


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("not published")
    MERGED = "merged", _("merged into another question")
    ANSWERED = "answered", _("answered live")
    APPEALED = "appealed", _("filed as an appeal")


PUBLIC_STATUSES = (QuestionStatus.APPROVED, QuestionStatus.ANSWERED, QuestionStatus.APPEALED)


class LiveQuestionQuerySet(models.QuerySet["LiveQuestion"]):
    def public(self) -> LiveQuestionQuerySet:
        return self.filter(status__in=PUBLIC_STATUSES)

    def by_votes(self) -> LiveQuestionQuerySet:
        return self.order_by("-votes", "created_at", "id")


class LiveQuestion(models.Model):
    session = models.ForeignKey(
        LiveSession, verbose_name=_("live session"), on_delete=models.PROTECT, related_name="questions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("question"), max_length=2000)
    # What the public sees: the text with personal data masked (set at approval, or by a moderator).
    public_text = models.TextField(_("published text"), blank=True)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.PENDING
    )
    votes = models.PositiveIntegerField(_("votes"), default=0)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The appeal it became when the session ended unanswered; unique, so never twice.
    appeal = models.OneToOneField(
        "appeals.Appeal",
        verbose_name=_("appeal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="live_question",
    )
    created_at = models.DateTimeField(_("asked at"))

    objects = LiveQuestionQuerySet.as_manager()

    class Meta:
        ordering = ("-votes", "created_at", "id")
        verbose_name = _("live question")
        verbose_name_plural = _("live questions")
        indexes = [models.Index(fields=["session", "status", "-votes"], name="live_question_listing_idx")]

    def __str__(self) -> str:
        text = self.public_text or self.text
        return text if len(text) <= 80 else f"{text[:79]}…"


class LiveVote(models.Model):
    """One citizen's upvote of one question; the unique constraint makes it once."""

    question = models.ForeignKey(LiveQuestion, on_delete=models.PROTECT, related_name="vote_rows")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "voter"], name="live_vote_once")]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.question_id}"


class LiveEventKind(models.TextChoices):
    SCHEDULED = "scheduled", _("session scheduled")
    STARTED = "started", _("session started")
    ENDED = "ended", _("session ended")
    ASKED = "asked", _("question asked")
    APPROVED = "approved", _("question approved")
    REJECTED = "rejected", _("question not published")
    MERGED = "merged", _("question merged into another")
    MASKED = "masked", _("published text edited")
    ANSWERED = "answered", _("question answered")
    APPEALED = "appealed", _("question filed as an appeal")
    NOT_APPEALED = "not_appealed", _("question could not be filed as an appeal")


class LiveEvent(AppendOnlyModel):
    """The session's trail. Append-only: rows are never changed or deleted."""

    session = models.ForeignKey(LiveSession, on_delete=models.PROTECT, related_name="events")
    question = models.ForeignKey(
        LiveQuestion, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(_("what"), max_length=20, choices=LiveEventKind.choices)
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
    created_at = models.DateTimeField(_("when"))

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("live session event")
        verbose_name_plural = _("live session events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.created_at:%Y-%m-%d %H:%M}"
