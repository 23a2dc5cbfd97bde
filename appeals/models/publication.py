"""Publication of an appeal in the public register: the citizen's opt-in, the moderation, the
masked text the public sees, and the withdrawal. The appeal itself never changes for it.

One row per appeal whose citizen chose to publish it. Nothing is ever deleted: a refusal or a
withdrawal only moves the state, and every step is an `AppealEvent` (`appeals.services.publication`).
A redirect moves the row to the successor appeal, so the register follows the appeal to the
competent agency.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PublicationState(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    PUBLISHED = "published", _("published")
    REFUSED = "refused", _("publication refused")
    WITHDRAWN = "withdrawn", _("publication withdrawn")


class RefusalGround(models.TextChoices):
    """The legal grounds on which an agency may refuse to publish (the citizen sees which).

    The blog's grounds for leaving an appeal without consideration do not fit: refusing
    publication leaves the appeal itself on its normal course."""

    PERSONAL_DATA = (
        "personal_data",
        _("it carries personal data that masking cannot remove (Law on personal data and their protection)"),
    )
    THIRD_PARTIES = "third_parties", _("it discloses the private life of other people")
    RESTRICTED = "restricted", _("it contains information with restricted access")
    INVESTIGATION = "investigation", _("it concerns a pending criminal or administrative case")
    ABUSIVE = "abusive", _("abusive or obscene language")


class PublicationQuerySet(models.QuerySet["Publication"]):
    def live(self) -> PublicationQuerySet:
        """What the public may see: approved and not withdrawn."""
        return self.filter(state=PublicationState.PUBLISHED)

    def pending(self) -> PublicationQuerySet:
        return self.filter(state=PublicationState.PENDING)

    def with_appeal(self) -> PublicationQuerySet:
        return self.select_related("appeal__agency", "appeal__region")


class Publication(models.Model):
    appeal = models.OneToOneField(
        "appeals.Appeal", verbose_name=_("appeal"), on_delete=models.PROTECT, related_name="publication"
    )
    state = models.CharField(
        _("publication"), max_length=12, choices=PublicationState.choices, default=PublicationState.PENDING
    )
    # What the public sees: the citizen's subject and text with IINs, phone numbers, e-mail
    # addresses and the citizen's own name masked on request, and whatever else the moderator hid.
    public_subject = models.CharField(_("published subject"), max_length=200, blank=True)
    public_text = models.TextField(_("published text"), blank=True)
    # Words the moderator hid ("mask more"); applied to the answers shown with the appeal too.
    hidden_phrases = models.JSONField(_("hidden words"), default=list, blank=True)
    # The register's full-text document (PostgreSQL): subject, text and published answers, in the
    # russian, english and simple (Kazakh) configurations at once; kept by the services. Its GIN
    # index is made by migration 0012 on PostgreSQL only (SQLite searches substrings).
    search_document = SearchVectorField(null=True, editable=False)
    requested_at = models.DateTimeField(_("publication requested at"))
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    refusal_ground = models.CharField(
        _("ground for refusal"), max_length=20, choices=RefusalGround.choices, blank=True
    )
    refusal_note = models.TextField(_("explanation of the refusal"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # The last change the public can see (published, answered, status, rating): feeds and
    # Open311's updated_datetime read it.
    changed_at = models.DateTimeField(_("last public change"))

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ("-published_at", "-id")
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [
            models.Index(
                fields=["-published_at"], name="publication_live_idx", condition=Q(state="published")
            ),
            models.Index(
                fields=["requested_at"], name="publication_pending_idx", condition=Q(state="pending")
            ),
            models.Index(
                fields=["changed_at"], name="publication_changed_idx", condition=Q(state="published")
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False),
                name="publication_published_has_moment",
            ),
            models.CheckConstraint(
                condition=~Q(state="refused") | ~Q(refusal_ground=""),
                name="publication_refusal_has_ground",
            ),
        ]

    def __str__(self) -> str:
        return self.public_subject or str(self.appeal_id)

    @property
    def is_live(self) -> bool:
        return self.state == PublicationState.PUBLISHED
