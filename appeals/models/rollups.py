"""Statistics rollups: what each appeal contributes, summed per agency x region x type x channel x
registration day, kept current in the same transaction as every change to an appeal; and the same
per registration month (`day` is then the month's first day), which every query over whole months
reads instead: about 30 times fewer rows, however many days the data spans.

Counters may be read only through `appeals.stats`; they are written only by
`appeals.stats.rollups.rollup` (deltas) and `rebuild_stats` (recomputed from the appeals)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from appeals.models.appeal import AppealType, Channel
from officials.models import Agency, Region

# The counters in the order the rollup code keeps them (see appeals.stats.rollups.contribution).
COUNTERS = (
    "received",
    "answered",
    "answered_on_time",
    "overdue",
    "open",
    "escalated",
    "redirected",
    "rating_sum",
    "rating_count",
)
KEY_FIELDS = ("agency_id", "region_id", "appeal_type", "channel", "day")


class StatsCell(models.Model):
    """The grain every rollup shares: who, where, what, through which channel, registered when."""

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    appeal_type = models.CharField(_("type"), max_length=20, choices=AppealType.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    day = models.DateField(_("registration day"))

    class Meta:
        abstract = True


class CounterCell(StatsCell):
    """A cell's counters (`COUNTERS`, in that order): the day and the month grain alike."""

    received = models.BigIntegerField(default=0)
    answered = models.BigIntegerField(default=0)
    answered_on_time = models.BigIntegerField(default=0)
    overdue = models.BigIntegerField(default=0)
    open = models.BigIntegerField(default=0)
    escalated = models.BigIntegerField(default=0)
    redirected = models.BigIntegerField(default=0)
    rating_sum = models.BigIntegerField(default=0)
    rating_count = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class ResponseDaysCell(StatsCell):
    """How many answered appeals of a cell took exactly `working_days` to answer."""

    working_days = models.PositiveIntegerField(_("working days to answer"))
    count = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class AppealDayStats(CounterCell):
    class Meta:
        verbose_name = _("daily statistics rollup")
        verbose_name_plural = _("daily statistics rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "region", "appeal_type", "channel", "day"], name="stats_day_cell_unique"
            )
        ]
        indexes = [
            models.Index(fields=["day"], name="stats_day_idx"),
            models.Index(fields=["region", "day"], name="stats_day_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.region_id}/{self.appeal_type}/{self.channel}/{self.day}"


class AppealResponseDays(ResponseDaysCell):
    """How many answered appeals of a cell took exactly `working_days` to answer: the whole
    distribution, so medians over any filter are exact."""

    class Meta:
        verbose_name = _("response-time rollup")
        verbose_name_plural = _("response-time rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "region", "appeal_type", "channel", "day", "working_days"],
                name="stats_response_cell_unique",
            )
        ]
        indexes = [models.Index(fields=["day"], name="stats_response_day_idx")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.region_id}/{self.day}: {self.working_days} days x {self.count}"


class AppealMonthStats(CounterCell):
    """AppealDayStats summed per month of registration: `day` is the first day of the month."""

    class Meta:
        verbose_name = _("monthly statistics rollup")
        verbose_name_plural = _("monthly statistics rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "region", "appeal_type", "channel", "day"], name="stats_month_cell_unique"
            )
        ]
        indexes = [
            models.Index(fields=["day"], name="stats_month_idx"),
            models.Index(fields=["region", "day"], name="stats_month_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.region_id}/{self.appeal_type}/{self.channel}/{self.day:%Y-%m}"


class AppealMonthResponseDays(ResponseDaysCell):
    """AppealResponseDays summed per month of registration (`day`: the month's first day)."""

    class Meta:
        verbose_name = _("monthly response-time rollup")
        verbose_name_plural = _("monthly response-time rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "region", "appeal_type", "channel", "day", "working_days"],
                name="stats_month_response_unique",
            )
        ]
        indexes = [models.Index(fields=["day"], name="stats_month_response_idx")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.region_id}/{self.day:%Y-%m}: {self.working_days} days x {self.count}"
