"""The head's workload view: open, due this week and overdue appeals per official of the head's
own agency. The reassignment itself is `appeals.services.reassign.workload_reassign`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.db.models import Count, Q, QuerySet

from appeals.backoffice.scope import active_official
from appeals.models import Appeal
from appeals.models.appeal import UNANSWERED
from officials.models import Official
from portal.accounts.models import User

Which = Literal["all", "week", "overdue"]


@dataclass(frozen=True)
class OfficerLoad:
    official: Official | None  # None: the agency's unassigned appeals
    open: int
    due_this_week: int
    overdue: int


def workload_agency_id(user: User) -> int | None:
    """The agency whose workload `user` may see and rebalance: a head's own agency."""
    official = active_official(user)
    if official is None or official.role != Official.Role.HEAD:
        return None
    return official.agency_id


def week_end(today: dt.date) -> dt.date:
    """The Sunday closing `today`'s week."""
    return today + dt.timedelta(days=6 - today.weekday())


def agency_officials(agency_id: int) -> QuerySet[Official]:
    return (
        Official.objects.active()
        .filter(agency_id=agency_id, role__in=[Official.Role.OFFICER, Official.Role.HEAD])
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def open_appeals(agency_id: int) -> QuerySet[Appeal]:
    return Appeal.objects.filter(agency_id=agency_id, status__in=UNANSWERED)


def open_appeals_of(queryset: QuerySet[Appeal], which: Which, today: dt.date) -> QuerySet[Appeal]:
    """Of the open appeals in `queryset`: all, those due from today to Sunday, or the overdue."""
    if which == "overdue":
        return queryset.filter(overdue_since__isnull=False)
    if which == "week":
        return queryset.filter(due_on__gte=today, due_on__lte=week_end(today))
    return queryset


def agency_workload(agency_id: int, *, today: dt.date) -> list[OfficerLoad]:
    """One row per active official of the agency (the busiest first), then the unassigned."""
    counts: dict[int | None, dict[str, int]] = {
        row["assignee_id"]: {"open": row["open"], "week": row["week"], "overdue": row["overdue"]}
        for row in open_appeals(agency_id)
        .values("assignee_id")
        .annotate(
            open=Count("pk"),
            week=Count("pk", filter=Q(due_on__gte=today, due_on__lte=week_end(today))),
            overdue=Count("pk", filter=Q(overdue_since__isnull=False)),
        )
    }
    empty = {"open": 0, "week": 0, "overdue": 0}
    rows = [
        OfficerLoad(
            official=official,
            open=counts.get(official.pk, empty)["open"],
            due_this_week=counts.get(official.pk, empty)["week"],
            overdue=counts.get(official.pk, empty)["overdue"],
        )
        for official in agency_officials(agency_id)
    ]
    rows.sort(key=lambda row: (-row.overdue, -row.due_this_week, -row.open))
    unassigned = counts.get(None, empty)
    rows.append(OfficerLoad(None, unassigned["open"], unassigned["week"], unassigned["overdue"]))
    return rows
