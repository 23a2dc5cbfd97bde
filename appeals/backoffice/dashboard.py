"""The figures on the officials' dashboard: this month and the months before, the overdue list,
workload per officer and escalations — for the agencies the official may see.

The monthly figures are the public statistics' own (`appeals.stats.rollups.selectors.summary`, from the
rollup tables): appeals registered in the month, for the agency responsible now, withdrawn ones
left out, an appeal redirected away counted as redirected. The lists are bounded queries over the
appeals the official may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals.backoffice.scope import active_official, scoped_appeals, statistics_agency_ids
from appeals.backoffice.svgcharts import Bar, bar_chart
from appeals.calendar import local_date
from appeals.models import Appeal
from appeals.models.appeal import UNANSWERED
from appeals.stats.rollups.selectors import summary
from officials.models import Official
from portal.accounts.models import User

TREND_MONTHS = 6
LIST_LIMIT = 15


@dataclass(frozen=True)
class MonthFigures:
    month: dt.date
    received: int
    answered: int
    answered_on_time: int
    overdue: int
    redirected: int

    @property
    def label(self) -> str:
        return f"{self.month:%Y-%m}"


@dataclass
class Dashboard:
    title_agency: str
    months: list[MonthFigures]
    overdue: list[Appeal] = field(default_factory=list)
    escalated: list[Appeal] = field(default_factory=list)
    workload: list[dict[str, Any]] = field(default_factory=list)
    charts: dict[str, str] = field(default_factory=dict)

    @property
    def this_month(self) -> MonthFigures:
        return self.months[-1]


def month_starts(today: dt.date, count: int) -> list[dt.date]:
    """The first days of the last `count` months, oldest first, ending with today's month."""
    year, month = today.year, today.month
    starts = []
    for _step in range(count):
        starts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def month_end(start: dt.date) -> dt.date:
    following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def monthly_figures(*, agency_ids: set[int] | None, today: dt.date, months: int) -> list[MonthFigures]:
    """The public statistics' figures (`appeals.stats.rollups.selectors.summary`, read from the rollups)
    for each of the last `months` months."""
    figures = []
    for start in month_starts(today, months):
        row = summary(agency_ids=agency_ids, date_from=start, date_to=month_end(start))
        figures.append(
            MonthFigures(
                month=start,
                received=row["received"],
                answered=row["answered"],
                answered_on_time=row["answered_on_time"],
                overdue=row["overdue"],
                redirected=row["redirected"],
            )
        )
    return figures


def workload(*, agency_ids: set[int] | None, limit: int = LIST_LIMIT) -> list[dict[str, Any]]:
    """Open and overdue appeals per active official, the busiest first."""
    officials = Official.objects.active().filter(role__in=[Official.Role.OFFICER, Official.Role.HEAD])
    if agency_ids is not None:
        officials = officials.filter(agency_id__in=agency_ids)
    open_q = Q(assigned_appeals__status__in=UNANSWERED)
    rows = (
        officials.annotate(
            open_count=Count("assigned_appeals", filter=open_q),
            overdue_count=Count(
                "assigned_appeals", filter=open_q & Q(assigned_appeals__overdue_since__isnull=False)
            ),
        )
        .select_related("user", "agency")
        .order_by("-overdue_count", "-open_count", "user__email")[:limit]
    )
    return [
        {
            "official": official,
            "name": official.user.get_full_name(),
            "agency": official.agency.name,
            "open": official.open_count,  # type: ignore[attr-defined]
            "overdue": official.overdue_count,  # type: ignore[attr-defined]
        }
        for official in rows
    ]


def dashboard_for(user: User, *, now: dt.datetime | None = None) -> Dashboard:
    today = local_date(now or timezone.now())
    agency_ids = statistics_agency_ids(user)
    official = active_official(user)
    if agency_ids is not None and not agency_ids:
        return Dashboard(title_agency="", months=monthly_figures(agency_ids=set(), today=today, months=1))
    months = monthly_figures(agency_ids=agency_ids, today=today, months=TREND_MONTHS)
    visible = scoped_appeals(user).with_listing()
    board = Dashboard(
        title_agency=official.agency.name if official else "",
        months=months,
        overdue=list(visible.overdue().order_by("due_on", "pk")[:LIST_LIMIT]),
        escalated=list(
            visible.unanswered()
            .filter(escalation_level__gte=1)
            .order_by("-escalation_level", "due_on", "pk")[:LIST_LIMIT]
        ),
        workload=workload(agency_ids=agency_ids),
    )
    board.charts = {
        "received": bar_chart(
            [Bar(m.label, m.received) for m in months],
            title=_("Appeals received per month"),
            css_class="received",
        ),
        "answered": bar_chart(
            [Bar(m.label, m.answered_on_time) for m in months],
            title=_("Answered on time per month"),
            css_class="on-time",
        ),
        "overdue": bar_chart(
            [Bar(m.label, m.overdue) for m in months], title=_("Overdue per month"), css_class="overdue"
        ),
    }
    return board
