"""A blog's response figures: questions asked, answered, on-time rate, median working days.

Read from the statistics rollups (`appeals.stats.rollups.selectors`, channel "blog": the appeals
filed as public questions on the blog's agency), never counted over appeals at request time.
All-time figures, as DESIGN.md defines them (`received`, `answered`, `on_time_rate`,
`median_response_days`, …).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from appeals.models import Channel
from appeals.stats.rollups.selectors import StatsFilter, Totals, metrics, summary, totals_by
from blogs.models import Blog


def blog_summary(blog: Blog) -> dict[str, Any]:
    return summary(agency_ids=[blog.agency_id], channel=Channel.BLOG)


def blog_figures(blogs: Sequence[Blog]) -> dict[int, dict[str, Any]]:
    """Figures for many blogs at once (the index): one read of the rollups grouped by agency,
    whatever the number of blogs. A blog without questions gets zeros."""
    if not blogs:
        return {}
    by_agency = totals_by(
        "agency", StatsFilter(agency_ids=frozenset(b.agency_id for b in blogs), channel=Channel.BLOG)
    )
    empty = metrics(Totals())
    return {
        blog.pk: metrics(by_agency[blog.agency_id]) if blog.agency_id in by_agency else empty
        for blog in blogs
    }
