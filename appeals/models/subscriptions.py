"""Following the public register: an agency, a region, a search or one published appeal, by
e-mail (each event, or a daily digest). Feeds need no row: they are public.

A subscription belongs to an e-mail address (and to the account that made it, when signed in).
It sends nothing until the address is confirmed: a verified account's address is confirmed when
it subscribes; anyone else's by the link mailed to it (double opt-in).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SubscriptionTarget(models.TextChoices):
    AGENCY = "agency", _("an agency")
    REGION = "region", _("a region")
    SEARCH = "search", _("a search of the register")
    APPEAL = "appeal", _("a published appeal")


class SubscriptionFrequency(models.TextChoices):
    EACH = "each", _("an e-mail for each change")
    DAILY = "daily", _("one e-mail a day with the day's changes")


class Subscription(models.Model):
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    # The language of the page it was made on; an account's preferred language wins when sending.
    language = models.CharField(_("language"), max_length=8)
    target = models.CharField(_("follows"), max_length=10, choices=SubscriptionTarget.choices)
    agency = models.ForeignKey(
        "officials.Agency", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        "officials.Region", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # One published appeal, through its publication (which follows the appeal when redirected).
    publication = models.ForeignKey(
        "appeals.Publication", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A search: the register's query and filters, normalised (`appeals.subscriptions.targets`).
    query = models.JSONField(_("search"), default=dict, blank=True)
    # What is followed, as one comparable string ("agency:12", "search:<sha256>"): one
    # subscription per address and thing, whatever the races.
    target_key = models.CharField(max_length=80)
    frequency = models.CharField(
        _("how often"),
        max_length=8,
        choices=SubscriptionFrequency.choices,
        default=SubscriptionFrequency.DAILY,
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # The last confirmation e-mail (an unconfirmed address gets at most one a while).
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    # The daily digest: the next moment one is due, and where the last one's window ended.
    next_digest_at = models.DateTimeField(null=True, blank=True)
    digest_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["email", "target_key"], name="subscription_once_per_address"),
            models.CheckConstraint(
                condition=(
                    Q(target="agency", agency__isnull=False)
                    | Q(target="region", region__isnull=False)
                    | Q(target="appeal", publication__isnull=False)
                    | Q(target="search")
                ),
                name="subscription_target_named",
            ),
        ]
        indexes = [
            # The digest task reads only confirmed daily subscriptions that are due, by time.
            models.Index(
                fields=["next_digest_at"],
                name="subscription_digest_due_idx",
                condition=Q(next_digest_at__isnull=False),
            ),
            models.Index(fields=["agency"], name="subscription_agency_idx", condition=Q(target="agency")),
            models.Index(fields=["region"], name="subscription_region_idx", condition=Q(target="region")),
            models.Index(
                fields=["publication"], name="subscription_appeal_idx", condition=Q(target="appeal")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.target_key}"


class SubscriptionEventKind(models.TextChoices):
    """The register's changes (`appeals.register.changes.RegisterChange`) worth telling a
    follower; a withdrawal is not one: the appeal simply leaves the register."""

    PUBLISHED = "published", _("newly published in the register")
    ANSWERED = "answered", _("answered")
    STATUS = "status", _("status changed")
    RATED = "rated", _("answer rated")


class SubscriptionEvent(models.Model):
    """Something that happened to a published appeal, written in the transaction of the change;
    immediate e-mails are written beside it, digests and the appeal's feed read it later."""

    publication = models.ForeignKey(
        "appeals.Publication", on_delete=models.CASCADE, related_name="subscription_events"
    )
    kind = models.CharField(max_length=12, choices=SubscriptionEventKind.choices)
    status = models.CharField(max_length=30, blank=True)  # the appeal's status after the change
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("occurred_at", "id")
        indexes = [
            models.Index(fields=["occurred_at"], name="subscription_event_time_idx"),
            models.Index(fields=["publication", "occurred_at"], name="subscription_event_pub_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.publication_id} {self.kind} {self.occurred_at:%Y-%m-%d %H:%M}"


class SubscriptionDigest(models.Model):
    """One row per subscription and digest day, inserted before the e-mail is written: a second
    run of the same day finds it and writes nothing."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="digests")
    day = models.DateField()
    events = models.PositiveIntegerField(default=0)
    notification = models.ForeignKey(
        "appeals.Notification", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "day"], name="subscription_digest_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id} {self.day}"
