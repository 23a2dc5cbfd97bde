"""Reference data: regions, the tree of agencies, deputies, and the officials who work there."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from officials.translated import TranslatedName


class Region(TranslatedName):
    class Kind(models.TextChoices):
        REGION = "region", _("region")
        CITY = "city", _("city of republican significance")

    code = models.CharField(_("ISO 3166-2 code"), max_length=10, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Where the region's tile sits on the statistics page's tile map (a rough geographic grid).
    map_column = models.PositiveSmallIntegerField(_("map column"), null=True, blank=True)
    map_row = models.PositiveSmallIntegerField(_("map row"), null=True, blank=True)

    class Meta:
        ordering = ("code",)
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class AgencyQuerySet(models.QuerySet["Agency"]):
    def active(self) -> AgencyQuerySet:
        return self.filter(is_active=True)


class Agency(TranslatedName):
    """A body that receives appeals. Its parent is also its default oversight body."""

    class Kind(models.TextChoices):
        OVERSIGHT = "oversight", _("oversight body")
        MINISTRY = "ministry", _("ministry")
        COMMITTEE = "committee", _("committee")
        AGENCY = "agency", _("agency")
        AKIMAT_REGION = "akimat_region", _("akimat of a region")
        AKIMAT_CITY = "akimat_city", _("akimat of a city")
        AKIMAT_DISTRICT = "akimat_district", _("akimat of a district")
        PARLIAMENT = "parliament", _("office of a chamber of parliament")

    CENTRAL_KINDS: ClassVar[frozenset[str]] = frozenset(
        {Kind.OVERSIGHT, Kind.MINISTRY, Kind.COMMITTEE, Kind.AGENCY, Kind.PARLIAMENT}
    )

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent (default oversight body)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    is_active = models.BooleanField(_("accepts appeals"), default=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ("slug",)
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    @property
    def is_central(self) -> bool:
        return self.kind in self.CENTRAL_KINDS

    def descendant_ids(self) -> set[int]:
        """This agency and every agency below it (the tree is shallow: a few levels)."""
        ids = {self.pk}
        frontier = {self.pk}
        while frontier:
            frontier = set(Agency.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
            ids |= frontier
        return ids


class Deputy(TranslatedName):
    """A member of parliament; appeals to a deputy are handled by the chamber's office."""

    class Chamber(models.TextChoices):
        MAJILIS = "majilis", _("Majilis")
        SENATE = "senate", _("Senate")

    key = models.SlugField(_("key"), max_length=60, unique=True)
    chamber = models.CharField(_("chamber"), max_length=10, choices=Chamber.choices)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    district = models.CharField(_("district"), max_length=200, blank=True)
    office = models.ForeignKey(
        Agency,
        verbose_name=_("office handling the appeals"),
        on_delete=models.PROTECT,
        related_name="deputies",
    )
    is_active = models.BooleanField(_("accepts appeals"), default=True)

    class Meta:
        ordering = ("chamber", "key")
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")


class OfficialQuerySet(models.QuerySet["Official"]):
    def active(self) -> OfficialQuerySet:
        return self.filter(is_active=True, user__is_active=True)

    def heads_of(self, agency: Agency) -> OfficialQuerySet:
        return self.active().filter(agency=agency, role=Official.Role.HEAD)


class Official(models.Model):
    class Role(models.TextChoices):
        OFFICER = "officer", _("officer")
        HEAD = "head", _("head of agency")
        OVERSIGHT = "oversight", _("oversight official")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="official")
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="officials"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    position = models.CharField(_("position"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.agency.slug})"


class Competence(TranslatedName):
    """One topic of the competence catalogue: what a citizen's problem is about, the words that
    say so in each language, and which bodies answer it, best first. A body is an agency's slug,
    or `@local` (the district akimat the text names, else the city or region akimat of the
    citizen's region) or `@region` (the region's or city's akimat). Loaded from
    `reference_data/competences.json` by `load_reference`; routing help reads it."""

    LOCAL = "@local"
    REGION = "@region"
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({LOCAL, REGION})

    key = models.SlugField(_("key"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("order in the catalogue"), default=0)
    reason_kk = models.CharField(_("reason (Kazakh)"), max_length=300)
    reason_ru = models.CharField(_("reason (Russian)"), max_length=300)
    reason_en = models.CharField(_("reason (English)"), max_length=300)
    # One keyword or phrase a line; each word matches any word that begins with it (stems).
    keywords_kk = models.TextField(_("keywords (Kazakh)"), blank=True)
    keywords_ru = models.TextField(_("keywords (Russian)"), blank=True)
    keywords_en = models.TextField(_("keywords (English)"), blank=True)
    bodies = models.JSONField(_("competent bodies, best first"), default=list)

    class Meta:
        ordering = ("position", "key")
        verbose_name = _("competence")
        verbose_name_plural = _("competence catalogue")

    @property
    def is_local(self) -> bool:
        """A matter for local government: its first body is a local executive body."""
        return bool(self.bodies) and self.bodies[0] in self.PLACEHOLDERS

    def reason_in(self, language: str | None) -> str:
        code = (language or "").split("-")[0]
        return str(getattr(self, f"reason_{code}", "") or self.reason_en)

    def keywords(self) -> list[str]:
        text = "\n".join((self.keywords_kk, self.keywords_ru, self.keywords_en))
        return [line.strip() for line in text.splitlines() if line.strip()]
