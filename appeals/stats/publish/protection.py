"""Disclosure control: every public figure is a sum over one protected base table.

The base table is the finest grain the public filters can tell apart: agency x region x type x
channel x month of registration (date filters are whole months). A base cell about 1 to
STATS_MIN_CELL appeals is perturbed once, consistently (the cell-key method of statistical
offices, applied before tabulation):

- its appeals are split into disjoint outcome classes (answered on time, answered late, open and
  overdue, open within term, closed unanswered, passed on);
- a key drawn from the cell's identity and true size (HMAC with STATS_CELL_KEY, so the same cell
  always gets the same answer, whatever query contains it) decides whether one of its appeals is
  taken away (1 in 4), one is counted twice (1 in 4) or the cell is left as it is; the appeal is
  chosen by the key too, so every class keeps its expected count (no bias in rates);
- its ratings, when fewer than STATS_MIN_CELL, are perturbed the same way (count +-1, sum +-2).

Cells of more than STATS_MIN_CELL appeals are published exactly. Perturbing cells of exactly
STATS_MIN_CELL as well is what makes a published 4 ambiguous (a true 4, or a 5 that lost one).
Because every published table, total and rate is computed from this one perturbed table, tables
add up and no combination of responses can reveal more than the perturbed table itself; in it,
every small count has at least two true values that would have produced it. See README "How
figures are protected"."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Hashable
from functools import cache, lru_cache
from typing import cast

from django.conf import settings

from appeals.models.rollups import COUNTERS
from appeals.stats.publish.base_table import BaseKey, BaseTable, CellRow, raw_cells, remembered, summed
from appeals.stats.rollups.selectors import StatsFilter, Totals, counts_by, response_days_by
from appeals.stats.rollups.version import StatsVersion

# The outcome classes a base cell's appeals fall into: each appeal in exactly one.
CLASSES = ("on_time", "late", "overdue_open", "not_yet_due", "closed_unanswered", "redirected")
# Base cells whose noise is remembered per process (some tens of megabytes at most).
NOISE_MEMORY = 1 << 17

# How a grouping's key is read off a base cell's key.
_PROJECTIONS: dict[str, Callable[[BaseKey], Hashable]] = {
    "agency": lambda k: k[0],
    "region": lambda k: k[1],
    "appeal_type": lambda k: k[2],
    "month": lambda k: k[4],
    "agency_region": lambda k: (k[0], k[1]),
    "total": lambda k: (),
}


@cache
def _secret(configured: str, fallback: str) -> bytes:
    if configured:
        return configured.encode()
    return hmac.new(fallback.encode(), b"dialog statistics cell key", hashlib.sha256).digest()


def _current_secret() -> bytes:
    return _secret(settings.STATS_CELL_KEY, settings.SECRET_KEY)


def _draw(*parts: object) -> int:
    """A number in 0..2**64-1 fixed by `parts` and the secret key, unpredictable without it."""
    secret = _current_secret()
    message = "|".join(str(part) for part in parts).encode()
    return int.from_bytes(hmac.new(secret, message, hashlib.sha256).digest()[:8], "big")


def _shift(*parts: object) -> int:
    """The perturbation table: -1 with probability 1/4, +1 with 1/4, 0 with 1/2."""
    quarter = _draw(*parts) % 4
    return -1 if quarter == 0 else 1 if quarter == 3 else 0


def classes_of(counts: dict[str, int]) -> list[int]:
    late = counts["answered"] - counts["answered_on_time"]
    overdue_open = counts["overdue"] - late
    not_yet_due = counts["open"] - overdue_open
    closed = counts["received"] - counts["answered"] - counts["open"]
    split = [counts["answered_on_time"], late, overdue_open, not_yet_due, closed, counts["redirected"]]
    return [max(0, n) for n in split]


def counts_of(classes: list[int], escalated: int, rating_sum: int, rating_count: int) -> dict[str, int]:
    on_time, late, overdue_open, not_yet_due, closed, redirected = classes
    received = on_time + late + overdue_open + not_yet_due + closed
    return {
        "received": received,
        "answered": on_time + late,
        "answered_on_time": on_time,
        "overdue": late + overdue_open,
        "open": overdue_open + not_yet_due,
        "escalated": min(escalated, received),
        "redirected": redirected,
        "rating_sum": rating_sum,
        "rating_count": rating_count,
    }


def protected_cell(key: BaseKey, counts: dict[str, int], min_cell: int) -> dict[str, int]:
    """A base cell as it is published."""
    classes = classes_of(counts)
    size = sum(classes)
    if 0 < size <= min_cell:
        shift = _shift(*key, "size", size)
        if shift:
            record = _draw(*key, "record", size, *classes) % size
            for index, n in enumerate(classes):
                if record < n:
                    classes[index] += shift
                    break
                record -= n
    answered = classes[0] + classes[1]
    ratings, rating_sum = counts["rating_count"], counts["rating_sum"]
    if 0 < ratings < min_cell:
        ratings = max(0, ratings + _shift(*key, "ratings", ratings, rating_sum))
        rating_sum += _draw(*key, "rating sum", ratings, rating_sum) % 5 - 2
    ratings = min(ratings, answered)
    rating_sum = min(max(rating_sum, ratings), 5 * ratings)
    return counts_of(classes, counts["escalated"], rating_sum, ratings)


_RECEIVED, _REDIRECTED, _RATINGS = (COUNTERS.index(n) for n in ("received", "redirected", "rating_count"))


def protector(min_cell: int) -> Callable[[BaseKey, CellRow], CellRow]:
    """`protected_cell` over counters in COUNTERS' order, under the key in force. A cell that
    draws noise (small, or with few ratings) is remembered: its noise is a function of its key
    and counts alone, so a cell unchanged since the last version costs no HMAC."""
    secret = _current_secret()

    def protect(key: BaseKey, counters: CellRow) -> CellRow:
        # Both branches compute protected_cell; the test only chooses what to remember. Clipping
        # in classes_of only raises the classes' sum, so a cell that draws noise has
        # received + redirected <= min_cell.
        ratings = counters[_RATINGS]
        if min_cell and (counters[_RECEIVED] + counters[_REDIRECTED] <= min_cell or 0 < ratings < min_cell):
            return _noisy_row(secret, key, counters, min_cell)
        return _published_row(key, counters, min_cell)

    return protect


def _published_row(key: BaseKey, counters: CellRow, min_cell: int) -> CellRow:
    published = protected_cell(key, dict(zip(COUNTERS, counters, strict=True)), min_cell)
    return tuple(published[name] for name in COUNTERS)


@lru_cache(maxsize=NOISE_MEMORY)
def _noisy_row(secret: bytes, key: BaseKey, counters: CellRow, min_cell: int) -> CellRow:
    # `secret` is part of the memo's key only: protected_cell draws with the key in force.
    return _published_row(key, counters, min_cell)


def perturbation_on() -> bool:
    return bool(settings.STATS_PERTURBATION)


def min_cell_in_force() -> int:
    """The largest perturbed cell size; 0 when perturbation is off."""
    return int(settings.STATS_MIN_CELL) if perturbation_on() else 0


def protected_table(version: StatsVersion) -> BaseTable:
    """The whole protected base table of a published version, built once per process."""
    min_cell = min_cell_in_force()
    wanted = (version.token, min_cell, _current_secret())
    return remembered(wanted, lambda: _protected(raw_cells(), min_cell))


def _protected(cells: list[tuple[BaseKey, CellRow]], min_cell: int) -> BaseTable:
    protect = protector(min_cell)
    return BaseTable(tuple([(key, protect(key, row)) for key, row in cells]))


def _protected_cells(filters: StatsFilter, version: StatsVersion | None) -> BaseTable:
    if version is not None and filters.whole_months:
        return protected_table(version)  # summed() selects the filtered cells from it
    min_cell = min_cell_in_force()
    if filters.whole_months:
        cells = raw_cells(filters)
    else:  # day-level dates (not public filters; the blogs' and dashboards' own periods)
        grouped = counts_by("cell", filters).items()
        cells = [(cast(BaseKey, key), tuple(counts[name] for name in COUNTERS)) for key, counts in grouped]
    return _protected(cells, min_cell)


def published_totals(
    grouping: str, filters: StatsFilter, version: StatsVersion | None = None
) -> dict[Hashable, Totals]:
    """The public figures per group: protected base cells summed; response-time distributions
    (for medians) as they are. With the published `version`, the protected base table is that
    version's, read once per process (`protected_table`); at most two queries, whatever the number
    of appeals."""
    project = _PROJECTIONS[grouping]
    found: dict[Hashable, Totals] = {}
    for group, sums in summed(_protected_cells(filters, version), filters, project).items():
        totals = Totals(counts=dict(zip(COUNTERS, sums, strict=True)))
        if totals.size:
            found[group] = totals
    for group, distribution in response_days_by(grouping, filters).items():
        if group in found:
            found[group].response_days.update(distribution)
    return found


def perturbed_count(key: tuple[object, ...], count: int, min_cell: int) -> int:
    """One count of another public table (a consultation's votes per option and region) under
    the same cell-key rule as the appeals' base cells: a count of 1 to `min_cell` moves by -1,
    0 or +1 as the HMAC of its key and true size decides (always the same for the same cell);
    larger counts and zero are published as they are. Tables built from such cells, and every
    total summed from them, reveal no more than the perturbed cells."""
    if 0 < count <= min_cell:
        return max(0, count + _shift(*key, "size", count))
    return count
