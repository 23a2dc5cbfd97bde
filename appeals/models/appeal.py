"""The appeal: what a citizen asked of which body, and where it stands on the legal clock."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from officials.models import Agency, Deputy, Official, Region
from portal.accounts.models import User


class AppealType(models.TextChoices):
    APPLICATION = "application", _("application")
    REPORT = "report", _("report")
    COMPLAINT = "complaint", _("complaint")
    PROPOSAL = "proposal", _("proposal")
    FEEDBACK = "feedback", _("feedback")
    INQUIRY = "inquiry", _("inquiry")


class AppealStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    ASSIGNED = "assigned", _("assigned to an official")
    AWAITING_CLARIFICATION = "awaiting_clarification", _("waiting for your clarification")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")
    REDIRECTED = "redirected", _("redirected to another agency")
    REJECTED = "rejected", _("left without consideration")
    WITHDRAWN = "withdrawn", _("withdrawn")


# Statuses in which the legal clock runs (a clarification pauses it).
CLOCK_RUNNING = (AppealStatus.REGISTERED, AppealStatus.ASSIGNED)
# Statuses that still need an answer from the agency.
UNANSWERED = (*CLOCK_RUNNING, AppealStatus.AWAITING_CLARIFICATION)


class Channel(models.TextChoices):
    WEB = "web", _("web site")
    API = "api", _("API")
    BLOG = "blog", _("public blog question")
    LIVE = "live", _("question from a live session")
    # The response a public consultation owes once closed (blogs.consultations).
    CONSULTATION = "consult", _("public consultation response")


class NextAction(models.TextChoices):
    REMINDER = "reminder", _("reminder to the assignee")
    ESCALATE_1 = "escalate_1", _("escalation level 1")
    ESCALATE_2 = "escalate_2", _("escalation level 2")


class AppealQuerySet(models.QuerySet["Appeal"]):
    def for_citizen(self, user: User) -> AppealQuerySet:
        return self.filter(citizen=user)

    def for_agencies(self, agency_ids: set[int] | list[int]) -> AppealQuerySet:
        return self.filter(agency_id__in=agency_ids)

    def unanswered(self) -> AppealQuerySet:
        return self.filter(status__in=UNANSWERED)

    def overdue(self) -> AppealQuerySet:
        return self.unanswered().filter(overdue_since__isnull=False)

    def due_for_action(self, now: dt.datetime) -> AppealQuerySet:
        return self.filter(next_action_at__lte=now)

    def with_listing(self) -> AppealQuerySet:
        return self.select_related("agency", "deputy", "region", "assignee__user")


class Appeal(models.Model):
    tracking_number = models.CharField(_("tracking number"), max_length=32, unique=True)
    appeal_type = models.CharField(_("type"), max_length=20, choices=AppealType.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    # The agency responsible now. An appeal to a deputy is handled by the chamber's office.
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="appeals"
    )
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.PROTECT, null=True, blank=True
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=30, choices=AppealStatus.choices, default=AppealStatus.REGISTERED
    )
    assignee = models.ForeignKey(
        Official,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_appeals",
    )

    # The clock. Dates are working days in the portal's time zone.
    submitted_at = models.DateTimeField(_("submitted at"))
    registered_at = models.DateTimeField(_("registered at"))
    registered_on = models.DateField(_("registration day"))
    due_on = models.DateField(_("due date"))
    original_due_on = models.DateField(_("due date before any extension"))
    extension_limit_on = models.DateField(_("latest possible extended due date"))
    extended = models.BooleanField(_("extended"), default=False)
    paused_on = models.DateField(_("clock paused since"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_on = models.DateField(_("answer day"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    # The policy in force at registration, copied so later policy changes never move it.
    term_days = models.PositiveSmallIntegerField(_("term in working days"))
    reminder_days = models.PositiveSmallIntegerField(_("reminder, working days before due"))
    level2_days = models.PositiveSmallIntegerField(_("level 2, working days after level 1"))
    redirect_days = models.PositiveSmallIntegerField(_("redirect within working days"))
    extension_months = models.PositiveSmallIntegerField(_("extension cap in months"))

    # Deadline sweep state.
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    overdue_since = models.DateTimeField(_("overdue since"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    escalated_to = models.ForeignKey(
        Agency,
        verbose_name=_("escalated to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalated_appeals",
    )
    next_action = models.CharField(max_length=12, choices=NextAction.choices, blank=True)
    next_action_at = models.DateTimeField(null=True, blank=True)

    redirected_from = models.OneToOneField(
        "self",
        verbose_name=_("redirected from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="redirected_to",
    )
    complaint_about = models.ForeignKey(
        "self",
        verbose_name=_("complaint about"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_resolved = models.BooleanField(_("answered the question"), null=True, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    rating_comment = models.TextField(_("comment on the answer"), blank=True)
    # The one reminder to rate (and the word that a complaint is possible), sent once.
    rate_reminder_sent_at = models.DateTimeField(_("reminded to rate at"), null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ("-registered_at", "-id")
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        indexes = [
            # The sweep claims rows with something to do in (time, id) order, a batch at a time:
            # with the id in the index that is an index scan of one batch. On the time alone,
            # when many rows fall due at one instant (the end of a working day), every batch
            # sorted all the due rows, and a sweep of 100 000 took quadratic time.
            models.Index(
                fields=["next_action_at", "id"],
                name="appeal_next_action_id_idx",
                condition=Q(next_action_at__isnull=False),
            ),
            models.Index(fields=["agency", "status"], name="appeal_agency_status_idx"),
            models.Index(fields=["citizen", "-registered_at"], name="appeal_citizen_idx"),
            models.Index(fields=["updated_at"], name="appeal_updated_idx"),
            # The rating reminder reads only answered appeals nobody has reminded yet.
            models.Index(
                fields=["answered_at"],
                name="appeal_rate_reminder_idx",
                condition=Q(status="answered", rate_reminder_sent_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="appeal_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(escalation_level__lte=2), name="appeal_escalation_level_max_2"
            ),
            # The answer's moment and day are set together, once.
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, answered_on__isnull=True)
                | Q(answered_at__isnull=False, answered_on__isnull=False),
                name="appeal_answered_fields_together",
            ),
            # The sweep's next step: a kind and a time, or neither.
            models.CheckConstraint(
                condition=Q(next_action="", next_action_at__isnull=True)
                | (~Q(next_action="") & Q(next_action_at__isnull=False)),
                name="appeal_next_action_pair",
            ),
            # Dates in their order: registered after it arrived, due after registration, answered
            # after it arrived (an answer may come on a day off before the formal registration).
            models.CheckConstraint(
                condition=Q(registered_at__gte=F("submitted_at")), name="appeal_registered_after_submitted"
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("registered_on"), original_due_on__gte=F("registered_on")),
                name="appeal_due_after_registration",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=F("submitted_at")),
                name="appeal_answered_after_submitted",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def due_at(self) -> dt.datetime:
        """The moment the term runs out: the end of the due day in the portal's time zone."""
        midnight_after = dt.datetime.combine(self.due_on + dt.timedelta(days=1), dt.time.min)
        return timezone.make_aware(midnight_after)

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def is_open(self) -> bool:
        return self.status in UNANSWERED

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.overdue_since is not None
