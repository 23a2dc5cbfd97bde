"""The statistics page's tables, formatted once in Python: each cell's text, its sort key and, for
the on-time rate, a bar. The page is built from these rather than from a template include per cell,
which kept the HTML large and slow to render (issue 13: ≤ 150 KB).

The tables are the page's accessible charts: the agency table carries the ranking bars, the
month table sits under the month chart; a script (static/js/sortable-table.js) lets readers sort
them, and without it they read in their default order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from appeals.stats.publish.breakdowns import Row

# Agencies with fewer appeals than this are listed but not ranked: their rates are too uncertain.
RANKING_MIN_RECEIVED = 20


# An en dash: "no figure" in a cell and the joint of a range.
DASH = "\u2013"


def percent(rate: float | None) -> str:
    return DASH if rate is None else f"{round(rate * 100)} %"


def svg_number(value: float) -> str:
    """SVG coordinates keep a dot whatever the page's language (a comma breaks the drawing)."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class Bar:
    """A bar on a 0 to 100 scale with its 95 % interval, drawn in SVG units."""

    width: str
    low: str
    high: str


def bar(rate: float | None, ci: Sequence[float] | None) -> Bar | None:
    if rate is None:
        return None
    low, high = ci or (rate, rate)
    return Bar(svg_number(rate * 100), svg_number(low * 100), svg_number(high * 100))


@dataclass(frozen=True)
class Cell:
    """A figure's text starts with the number the table sorts by ("67 %", "4,2", a dash for none);
    no separate sort key is sent, which keeps the page small."""

    text: str
    ci: str = ""
    bar: Bar | None = None


@dataclass
class TableRow:
    name: str
    cells: list[Cell] = field(default_factory=list)
    suppressed: bool = False
    note: str = ""


@dataclass(frozen=True)
class Column:
    heading: Any
    value: Callable[[Row], Cell]
    numeric: bool = True


def count(name: str) -> Callable[[Row], Cell]:
    def cell(row: Row) -> Cell:
        value = row.get(name)
        return Cell(DASH if value is None else str(value))

    return cell


def rate(name: str, *, with_bar: bool = False) -> Callable[[Row], Cell]:
    def cell(row: Row) -> Cell:
        value, ci = row.get(name), row.get(f"{name}_ci")
        if value is None:
            return Cell(DASH)
        interval = f"({round(ci[0] * 100)}{DASH}{round(ci[1] * 100)})" if ci else ""
        return Cell(percent(value), interval, bar(value, ci) if with_bar else None)

    return cell


def median_days(row: Row) -> Cell:
    value = row.get("median_response_days")
    if value is None:
        return Cell(DASH)
    return Cell(number_format(value, decimal_pos=1 if value % 1 else 0))


def satisfaction(row: Row) -> Cell:
    rating = row.get("satisfaction") or {}
    mean, ratings = rating.get("mean"), rating.get("count")
    if mean is None:
        return Cell(DASH)
    return Cell(number_format(mean, decimal_pos=1), f"({ratings})")


def table(
    rows: list[Row], columns: Sequence[Column], name: Callable[[Row], str], note: Callable[[Row], str]
) -> list[TableRow]:
    return [
        TableRow(name(row), suppressed=True)
        if row["suppressed"]
        else TableRow(name(row), [column.value(row) for column in columns], note=note(row))
        for row in rows
    ]


RECEIVED = Column(_("Received"), count("received"))
ANSWERED = Column(_("Answered"), count("answered"))
RESPONSE_RATE = Column(_("Response rate (95 % interval)"), rate("response_rate"))
ON_TIME_RATE = Column(_("On-time rate (95 % interval)"), rate("on_time_rate"))
OVERDUE = Column(_("Overdue"), count("overdue"))
SATISFACTION = Column(_("Satisfaction, 1 to 5 (ratings)"), satisfaction)

AGENCY_COLUMNS = (
    RECEIVED,
    ANSWERED,
    RESPONSE_RATE,
    Column(_("On-time rate (95 % interval)"), rate("on_time_rate", with_bar=True)),
    OVERDUE,
    Column(_("Median working days"), median_days),
    SATISFACTION,
    Column(_("Redirected"), count("redirected")),
)
REGION_COLUMNS = (
    RECEIVED,
    ANSWERED,
    RESPONSE_RATE,
    ON_TIME_RATE,
    OVERDUE,
    Column(_("Escalated"), count("escalated")),
    SATISFACTION,
)
MONTH_COLUMNS = (
    RECEIVED,
    ANSWERED,
    RESPONSE_RATE,
    ON_TIME_RATE,
    Column(_("Still open"), count("open")),
    Column(_("Not yet due"), count("not_yet_due")),
    Column(_("On time, of appeals already due"), rate("on_time_rate_of_due")),
    SATISFACTION,
)


def ranked_first(agencies: list[Row]) -> list[Row]:
    """The default order is the ranking: agencies with enough appeals by on-time rate, best
    first; then the smaller ones by the number received; withheld ones last."""

    def key(row: Row) -> tuple[int, float, str]:
        if row["suppressed"]:
            return (2, 0.0, row["agency"]["name"])
        if (row["received"] or 0) >= RANKING_MIN_RECEIVED:
            return (0, -(row["on_time_rate"] or 0.0), row["agency"]["name"])
        return (1, -(row["received"] or 0), row["agency"]["name"])

    return sorted(agencies, key=key)


def agency_table(agencies: list[Row]) -> list[TableRow]:
    unranked = str(_("not ranked: fewer than %(min)d appeals") % {"min": RANKING_MIN_RECEIVED})
    return table(
        ranked_first(agencies),
        AGENCY_COLUMNS,
        lambda r: r["agency"]["name"],
        lambda r: "" if (r["received"] or 0) >= RANKING_MIN_RECEIVED else unranked,
    )


def region_table(regions: list[Row]) -> list[TableRow]:
    return table(regions, REGION_COLUMNS, lambda r: r["region"]["name"], lambda r: "")


def month_table(months: list[Row]) -> list[TableRow]:
    in_progress = str(_("in progress"))
    return table(
        months, MONTH_COLUMNS, lambda r: r["month"], lambda r: in_progress if r.get("not_yet_due") else ""
    )


def headings(columns: Sequence[Column]) -> list[Any]:
    return [column.heading for column in columns]
