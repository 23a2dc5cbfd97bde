"""What one appeal adds to the statistics: a pure function of its facts (DESIGN.md's table).

Both the incremental rollups (after - before, on every change) and `rebuild_stats` use this one
definition, so they cannot disagree about what a figure means."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from appeals.models.appeal import UNANSWERED, AppealStatus
from appeals.models.rollups import COUNTERS

# (agency_id, region_id, appeal_type, channel, registration day)
CellKey = tuple[int, int, str, str, dt.date]
Counts = tuple[int, ...]
# A response time is kept as its two dates; the working days between them are worked out only
# when the delta is applied (one calendar for a whole batch).
ResponseKey = tuple[CellKey, dt.date, dt.date]

# The appeal fields the contribution reads: rebuilds and bulk paths load only these.
FACT_FIELDS = (
    "agency_id",
    "region_id",
    "appeal_type",
    "channel",
    "registered_on",
    "status",
    "due_on",
    "answered_on",
    "overdue_since",
    "escalation_level",
    "rating",
)
ZERO: Counts = (0,) * len(COUNTERS)


@dataclass(frozen=True, slots=True)
class Contribution:
    key: CellKey
    counts: Counts
    response: ResponseKey | None


def contribution_of(facts: Any) -> Contribution | None:
    """`facts` is an Appeal or anything with FACT_FIELDS as attributes; None: it adds nothing."""
    status = facts.status
    if status == AppealStatus.WITHDRAWN:
        return None
    key: CellKey = (facts.agency_id, facts.region_id, facts.appeal_type, facts.channel, facts.registered_on)
    if status == AppealStatus.REDIRECTED:
        # Passed on: counted as redirected for this agency; the successor is received elsewhere.
        return Contribution(key, (0, 0, 0, 0, 0, 0, 1, 0, 0), None)
    answered_on: dt.date | None = facts.answered_on
    answered = answered_on is not None
    on_time = answered_on is not None and answered_on <= facts.due_on
    is_open = status in UNANSWERED
    overdue = (answered and not on_time) or (is_open and facts.overdue_since is not None)
    rating = facts.rating
    counts = (
        1,
        int(answered),
        int(on_time),
        int(overdue),
        int(is_open),
        int(facts.escalation_level >= 1),
        0,
        rating or 0,
        int(rating is not None),
    )
    response = (key, facts.registered_on, answered_on) if answered_on is not None else None
    return Contribution(key, counts, response)


@dataclass
class Delta:
    """Summed changes to the rollups, ready to be applied in one statement per table."""

    cells: defaultdict[CellKey, list[int]]
    responses: defaultdict[ResponseKey, int]

    @classmethod
    def empty(cls) -> Delta:
        return cls(defaultdict(lambda: [0] * len(COUNTERS)), defaultdict(int))

    def add(self, contribution: Contribution | None, sign: int) -> None:
        if contribution is None:
            return
        cell = self.cells[contribution.key]
        for index, value in enumerate(contribution.counts):
            cell[index] += sign * value
        if contribution.response is not None:
            self.responses[contribution.response] += sign

    def change(self, before: Contribution | None, after: Contribution | None) -> None:
        if before != after:
            self.add(before, -1)
            self.add(after, +1)

    def nonzero_cells(self) -> list[tuple[CellKey, list[int]]]:
        return sorted((key, counts) for key, counts in self.cells.items() if any(counts))

    def nonzero_responses(self) -> list[tuple[ResponseKey, int]]:
        return sorted((key, count) for key, count in self.responses.items() if count)

    def is_empty(self) -> bool:
        return not self.nonzero_cells() and not self.nonzero_responses()


def total_of(contributions: Iterable[Contribution | None]) -> Delta:
    delta = Delta.empty()
    for contribution in contributions:
        delta.add(contribution, +1)
    return delta
