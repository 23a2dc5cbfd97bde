"""An agency's figures on its register page: the public statistics' own (`appeals.stats.publish`,
protected as they are, all-time) and the publication rate — how many of the citizens who wrote
to it chose to publish their appeal.

The publication rate is a new public figure, so it gets the same disclosure rule as the others:
it is computed against the agency's *published* (protected) count of appeals received, and it is
withheld when those who chose to publish, or those who did not, number 1 to STATS_MIN_CELL - 1;
it is shown in whole percent. No total over agencies is published, so one
agency's withheld figure cannot be had as a difference. It changes nothing in the response-rate
figures: published or not, every appeal counts there the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from appeals.models import AppealStatus, Publication
from appeals.stats.publish.breakdowns import published_summary
from appeals.stats.rollups.selectors import StatsFilter
from officials.models import Agency


@dataclass(frozen=True)
class PublicationRate:
    # A share between 0 and 1 rounded to whole percent; None when withheld or nothing came in.
    rate: float | None
    suppressed: bool


def agency_figures(agency: Agency) -> dict[str, Any]:
    """The agency's all-time published statistics row (`suppressed`, `received`, `answered`,
    `on_time_rate`, `median_response_days`, `satisfaction`, …)."""
    return published_summary(StatsFilter(agency_ids=frozenset({agency.pk})))


def publication_rate(agency: Agency, figures: dict[str, Any] | None = None) -> PublicationRate:
    figures = figures if figures is not None else agency_figures(agency)
    received = figures.get("received")
    if figures.get("suppressed") or not received:
        return PublicationRate(rate=None, suppressed=bool(figures.get("suppressed")))
    chose = (
        Publication.objects.filter(appeal__agency=agency)
        .exclude(appeal__status=AppealStatus.WITHDRAWN)
        .count()
    )
    chose = min(chose, received)
    min_cell = settings.STATS_MIN_CELL
    if 0 < chose < min_cell or 0 < received - chose < min_cell:
        return PublicationRate(rate=None, suppressed=True)
    return PublicationRate(rate=round(chose / received, 2), suppressed=False)
