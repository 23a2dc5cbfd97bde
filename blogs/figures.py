"""A blog's response figures: questions asked, answered, on-time rate, median working days.

Public figures, so they are the public statistics' own, protected the same way
(`appeals.stats.publish`, channel "blog": the appeals filed as public questions on the blog's
agency), read from the rollups, never counted over appeals at request time. All-time figures,
as DESIGN.md defines them (`received`, `answered`, `on_time_rate`, `median_response_days`, …).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from appeals.models import Channel
from appeals.stats.publish.breakdowns import published_metrics, published_summary
from appeals.stats.publish.protection import published_totals
from appeals.stats.rollups.selectors import StatsFilter
from blogs.models import Blog


def blog_summary(blog: Blog) -> dict[str, Any]:
    return published_summary(StatsFilter(agency_ids=frozenset({blog.agency_id}), channel=Channel.BLOG))


def blog_figures(blogs: Sequence[Blog]) -> dict[int, dict[str, Any]]:
    """Figures for many blogs at once (the index): one read of the rollups grouped by agency,
    whatever the number of blogs. A blog without questions gets zeros."""
    if not blogs:
        return {}
    by_agency = published_totals(
        "agency", StatsFilter(agency_ids=frozenset(b.agency_id for b in blogs), channel=Channel.BLOG)
    )
    return {blog.pk: published_metrics(by_agency.get(blog.agency_id)) for blog in blogs}
