"""Reading statistics: sums over the rollup tables (never over the appeals), the metrics of
DESIGN.md's table, medians from the response-time distribution. Filters of whole months (all the
public API takes) read the month grain; the day grain only answers day-level date filters.

`summary()` is the selector other parts of the portal call (the blogs, the officials' dashboard)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncMonth

from appeals.models import AppealDayStats, AppealMonthResponseDays, AppealMonthStats, AppealResponseDays
from appeals.models.rollups import COUNTERS
from appeals.stats.wilson import wilson_interval

# How each breakdown groups the rollup rows.
GROUPINGS: dict[str, tuple[str, ...]] = {
    "agency": ("agency_id",),
    "region": ("region_id",),
    "appeal_type": ("appeal_type",),
    "month": ("month",),
    "agency_region": ("agency_id", "region_id"),
    "total": (),
    # The finest grain the public filters can tell apart (disclosure control works on it).
    "cell": ("agency_id", "region_id", "appeal_type", "channel", "month"),
}
METRIC_NAMES = (
    "received",
    "answered",
    "answered_on_time",
    "overdue",
    "open",
    "escalated",
    "redirected",
    "response_rate",
    "response_rate_ci",
    "on_time_rate",
    "on_time_rate_ci",
    "not_yet_due",
    "on_time_rate_of_due",
    "on_time_rate_of_due_ci",
    "median_response_days",
    "satisfaction",
)


@dataclass(frozen=True)
class StatsFilter:
    """Which part of the rollups to read. Dates are registration days in Asia/Almaty, inclusive."""

    agency_ids: frozenset[int] | None = None
    region_ids: frozenset[int] | None = None
    appeal_type: str | None = None
    channel: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def whole_months(self) -> bool:
        """Whether the dates cover whole months, so the month grain answers exactly."""
        starts = self.date_from is None or self.date_from.day == 1
        ends = self.date_to is None or (self.date_to + dt.timedelta(days=1)).day == 1
        return starts and ends

    def apply[Q: QuerySet[Any]](self, queryset: Q) -> Q:
        if self.agency_ids is not None:
            queryset = queryset.filter(agency_id__in=sorted(self.agency_ids))
        if self.region_ids is not None:
            queryset = queryset.filter(region_id__in=sorted(self.region_ids))
        if self.appeal_type is not None:
            queryset = queryset.filter(appeal_type=self.appeal_type)
        if self.channel is not None:
            queryset = queryset.filter(channel=self.channel)
        if self.date_from is not None:
            queryset = queryset.filter(day__gte=self.date_from)
        if self.date_to is not None:
            queryset = queryset.filter(day__lte=self.date_to)
        return queryset


@dataclass
class Totals:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTERS, 0))
    response_days: Counter[int] = field(default_factory=Counter)

    @property
    def size(self) -> int:
        """How many appeals the row is about: received here or passed on from here."""
        return self.counts["received"] + self.counts["redirected"]


def _grouped(queryset: QuerySet[Any], grouping: str) -> QuerySet[Any]:
    if "month" in GROUPINGS[grouping]:
        queryset = queryset.annotate(month=TruncMonth("day"))
    return queryset


def counts_by(grouping: str, filters: StatsFilter) -> dict[Hashable, dict[str, int]]:
    """Summed counters per group: one query, whatever the number of appeals."""
    columns = GROUPINGS[grouping]
    sums = {f"sum_{c}": Sum(c) for c in COUNTERS}
    table = AppealMonthStats if filters.whole_months else AppealDayStats
    days = _grouped(filters.apply(table.objects.order_by()), grouping)
    day_rows = days.values(*columns).annotate(**sums) if columns else [days.aggregate(**sums)]
    return {
        _key(row, columns): {counter: int(row[f"sum_{counter}"] or 0) for counter in COUNTERS}
        for row in day_rows
    }


def response_days_by(grouping: str, filters: StatsFilter) -> dict[Hashable, Counter[int]]:
    """Working days to answer → answered appeals, per group: one query."""
    columns = GROUPINGS[grouping]
    found: defaultdict[Hashable, Counter[int]] = defaultdict(Counter)
    table = AppealMonthResponseDays if filters.whole_months else AppealResponseDays
    responses = _grouped(filters.apply(table.objects.order_by()), grouping)
    for row in responses.values(*columns, "working_days").annotate(n=Sum("count")):
        if row["n"]:
            found[_key(row, columns)][row["working_days"]] += int(row["n"])
    return dict(found)


def totals_by(grouping: str, filters: StatsFilter) -> dict[Hashable, Totals]:
    """Summed counters and response-time distributions per group: two queries, whatever the size."""
    found: defaultdict[Hashable, Totals] = defaultdict(Totals)
    for key, counts in counts_by(grouping, filters).items():
        found[key].counts.update(counts)
    for key, distribution in response_days_by(grouping, filters).items():
        found[key].response_days.update(distribution)
    return {key: totals for key, totals in found.items() if totals.size or totals.response_days}


def _key(row: dict[str, Any], columns: tuple[str, ...]) -> Hashable:
    if not columns:
        return ()
    values = tuple(row[c].strftime("%Y-%m") if c == "month" else row[c] for c in columns)
    return values[0] if len(values) == 1 else values


def median(distribution: Counter[int]) -> float | int | None:
    """The exact median of a distribution given as value → count."""
    total = sum(distribution.values())
    if not total:
        return None
    wanted = ((total - 1) // 2, total // 2)
    found: list[int] = []
    seen = 0
    for value in sorted(distribution):
        count = distribution[value]
        for position in wanted:
            if seen <= position < seen + count:
                found.append(value)
        seen += count
    middle = (found[0] + found[1]) / 2
    return int(middle) if middle.is_integer() else middle


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _interval(part: int, whole: int) -> list[float] | None:
    interval = wilson_interval(part, whole)
    return [round(interval[0], 4), round(interval[1], 4)] if interval else None


def metrics(totals: Totals) -> dict[str, Any]:
    """DESIGN.md's metrics, under their published names."""
    c = totals.counts
    received = c["received"]
    ratings = c["rating_count"]
    # Open appeals still within their term: open ones the sweep has not marked overdue.
    not_yet_due = c["open"] - (c["overdue"] - (c["answered"] - c["answered_on_time"]))
    due = received - not_yet_due
    return {
        "received": received,
        "answered": c["answered"],
        "answered_on_time": c["answered_on_time"],
        "overdue": c["overdue"],
        "open": c["open"],
        "escalated": c["escalated"],
        "redirected": c["redirected"],
        "response_rate": _rate(c["answered"], received),
        "response_rate_ci": _interval(c["answered"], received),
        "on_time_rate": _rate(c["answered_on_time"], received),
        "on_time_rate_ci": _interval(c["answered_on_time"], received),
        "not_yet_due": not_yet_due,
        "on_time_rate_of_due": _rate(c["answered_on_time"], due),
        "on_time_rate_of_due_ci": _interval(c["answered_on_time"], due),
        "median_response_days": median(totals.response_days),
        "satisfaction": {
            "mean": round(c["rating_sum"] / ratings, 2) if ratings else None,
            "count": ratings,
        },
    }


def withheld_metrics() -> dict[str, Any]:
    """The same keys with every figure withheld (a suppressed cross-tabulation cell)."""
    return {
        **dict.fromkeys(METRIC_NAMES),
        "satisfaction": {"mean": None, "count": None},
    }


def summary(
    *,
    agency_ids: Iterable[int] | None = None,
    channel: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> dict[str, Any]:
    """The metrics over the given agencies (all when None), channel and registration days."""
    filters = StatsFilter(
        agency_ids=frozenset(agency_ids) if agency_ids is not None else None,
        channel=channel,
        date_from=date_from,
        date_to=date_to,
    )
    return metrics(totals_by("total", filters).get((), Totals()))
